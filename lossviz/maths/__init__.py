"""The math: the two losses, their kernels, softmax, targets, and what the lab and charts evaluate.

Takes checked arrays (lossviz.inputs checks them) and returns numbers; knows nothing of pages.
"""
