"""Write digits.npz from scikit-learn's copy of the UCI optical-recognition digits. Run by hand:

    python3 lossviz/data/make_digits.py

scikit-learn is not a dependency of lossviz: this script reads its bundled file
(sklearn/datasets/data/digits.csv.gz, 1,797 rows of 64 pixels 0–16 and a label) once, splits it
and writes the arrays; the app reads only digits.npz (lossviz.data.load_digits).

The split is stratified and seeded: in each class, a fixed share TEST_SHARE of its images, drawn
by numpy's default_rng(SEED), goes to the test split; the rest, in the file's order, is the
training split.
"""

import gzip
import importlib.util
from pathlib import Path

import numpy as np

SEED = 0  # the split's seed: changing it changes every trained number
TEST_SHARE = 0.2
OUT = Path(__file__).with_name("digits.npz")


def main():
    sklearn_dir = Path(importlib.util.find_spec("sklearn").origin).parent
    with gzip.open(sklearn_dir / "datasets" / "data" / "digits.csv.gz", "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.uint8)
    pixels, labels = table[:, :64], table[:, 64]
    rng = np.random.default_rng(SEED)
    test = np.zeros(labels.size, dtype=bool)
    for k in range(10):
        rows = np.flatnonzero(labels == k)
        test[rng.choice(rows, size=round(TEST_SHARE * rows.size), replace=False)] = True
    np.savez_compressed(
        OUT,
        x_train=pixels[~test],
        t_train=labels[~test],
        x_test=pixels[test],
        t_test=labels[test],
    )
    print(f"{OUT.name}: {(~test).sum()} training and {test.sum()} test images")


if __name__ == "__main__":
    main()
