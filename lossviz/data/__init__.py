"""Data shipped with lossviz: real handwritten digits (README.md in this folder says whence)."""

import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np

PIXEL_MAX = 16  # the UCI digits count ink in 4×4 blocks of a 32×32 bitmap: 0 … 16
SIDE = 8  # images are SIDE × SIDE


@dataclass(frozen=True)
class Digits:
    """The fixed split: x_* (N, 64) uint8 pixels 0 … 16, row by row; t_* (N,) uint8 labels 0 … 9."""

    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray


@functools.cache
def load_digits():
    """The UCI optical-recognition digits, split once into 1,438 training and 359 test images.

    Read from the package's digits.npz (never downloaded); the arrays are read-only, as every
    caller shares them (cached once per process).
    >>> d = load_digits()
    >>> d.x_train.shape, d.x_test.shape, int(d.x_train.max()), sorted(set(d.t_test.tolist())) == list(range(10))
    ((1438, 64), (359, 64), 16, True)
    """
    with resources.files(__name__).joinpath("digits.npz").open("rb") as f, np.load(f) as npz:
        arrays = {name: npz[name] for name in ("x_train", "t_train", "x_test", "t_test")}
    for a in arrays.values():
        a.flags.writeable = False
    return Digits(**arrays)
