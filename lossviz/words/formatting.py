"""Numbers and formulas as the explorer shows them: fixed digits, LaTeX with the user's values.

Every function takes plain numbers and arrays (and δ, from its caller); putting a page model
into these words is the page model's job (lossviz.views.comparison).
"""

import numpy as np

from lossviz.words.i18n import text

MAX_FORMULA_TERMS = 6  # more terms than this are elided in the substituted formulas


def _tiny(x):
    """(sign, mantissa, exponent) of a number too small for 4 decimals, at 2 significant digits."""
    mant, exp = f"{abs(x):.1e}".split("e")
    return ("−" if x < 0 else ""), mant, int(exp)


def format_loss(x):
    """A loss with 4 decimals, as a power of ten when 4 decimals would show only zeros,
    and NaN or ∞ spelled out.

    >>> format_loss(2.9957302735559908), format_loss(-1.0000000494736474e-07), format_loss(0.0)
    ('2.9957', '−1.0×10⁻⁷', '0.0000')
    >>> format_loss(float("nan")), format_loss(float("inf")), format_loss(-0.0)
    ('NaN', '∞', '0.0000')
    """
    x = float(x) + 0.0  # −0.0 + 0.0 is +0.0: never "-0.0000"
    if np.isnan(x):
        return "NaN"
    if np.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x != 0 and abs(x) < 5e-5:
        sign, mant, exp = _tiny(x)
        return f"{sign}{mant}×10{str(exp).translate(_SUPERSCRIPT)}"
    return f"{x:.4f}"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def tex_loss(x):
    """format_loss(x) for LaTeX: −1.0×10⁻⁷ becomes -1.0 \\times 10^{-7}.

    >>> tex_loss(-1.0000000494736474e-07), tex_loss(2.9957302735559908)
    ('-1.0 \\\\times 10^{-7}', '2.9957')
    """
    if np.isfinite(x) and x != 0 and abs(x) < 5e-5:
        sign, mant, exp = _tiny(x)
        return f"{'-' if sign else ''}{mant} \\times 10^{{{exp}}}"
    return format_loss(x).replace("∞", r"\infty").replace("−", "-")


def format_precise(x):
    """A value with 10 significant digits, for 'exact' captions and tooltips.

    >>> format_precise(2.9957302735559908)
    '2.995730274'
    """
    return f"{x:.10g}"


def format_entry(v):
    """A vector entry as typed: up to 6 significant digits, no trailing zeros.

    >>> format_entry(0.05), format_entry(1.0), format_entry(1/3)
    ('0.05', '1', '0.333333')
    """
    return f"{v:.6g}"


def _tex_number(v):
    """A number for LaTeX, with 1e-07 written as 10^{-7}-style scientific notation."""
    s = format_entry(v)
    if "e" in s:
        mant, exp = s.split("e")
        return (f"{mant} \\times " if mant != "1" else "") + f"10^{{{int(exp)}}}"
    return s


TERMS_PER_LINE = 2  # keeps each formula line narrow enough for a phone


def _pick(indices, must):
    """At most MAX_FORMULA_TERMS of `indices` (in order), always including `must` if present."""
    shown = list(indices[:MAX_FORMULA_TERMS])
    if must in indices and must not in shown:
        shown[-1] = must
    return sorted(shown)


def _lines(terms, note):
    """Terms joined by +, TERMS_PER_LINE to an aligned line, then the note on what is left out."""
    rows = [" + ".join(terms[i : i + TERMS_PER_LINE]) for i in range(0, len(terms), TERMS_PER_LINE)]
    if note:
        rows.append(note)
    return r" \\ &\qquad + ".join(rows)


def _aligned(definition, factor, terms, note, result):
    """E = definition = factor[terms…] = result, one step per line (KaTeX aligned)."""
    return (
        r"\begin{aligned} E &= "
        + definition
        + r" \\ &= "
        + factor
        + r"\Big["
        + _lines(terms, note)
        + r"\Big]"
        + r" \\ &= "
        + result
        + r" \end{aligned}"
    )


def _note(left_out, all_zero, lang):
    """What the substituted formula leaves out, in words of `lang` inside \\text{}."""
    if not left_out:
        return ""
    if all_zero:
        return rf"\text{{{text('formula.zero_terms', lang, n=left_out)}}}"
    return rf"\cdots\ (\text{{{text('formula.more_terms', lang, n=left_out)}}})"


def sse_latex(y, t, target_class, sse, lang="en"):
    """E = ½ Σ (y_k − t_k)² with the user's numbers substituted (zero terms left out), and the result.

    y, t: (K,) float arrays; target_class: the term always shown; sse: the value to write.
    >>> import numpy as np
    >>> print(sse_latex(np.array([0.2, 0.8]), np.array([0.0, 1.0]), 1, 0.04))
    \\begin{aligned} E &= \\tfrac{1}{2}\\sum_k (y_k - t_k)^2 \\\\ &= \\tfrac{1}{2}\\Big[(0.2 - 0)^2 + (0.8 - 1)^2\\Big] \\\\ &= 0.0400 \\end{aligned}
    """
    nonzero = np.flatnonzero(y != t)
    shown = _pick(nonzero, target_class)
    terms = [f"({_tex_number(y[k])} - {_tex_number(t[k])})^2" for k in shown] or ["0"]
    note = _note(len(y) - len(terms), all_zero=len(shown) == len(nonzero), lang=lang)
    return _aligned(r"\tfrac{1}{2}\sum_k (y_k - t_k)^2", r"\tfrac{1}{2}", terms, note, tex_loss(sse))


def mse_latex(k, mse):
    """The mean convention over k classes: (1/K) Σ (y_k − t_k)² = 2E / K, to 6 significant digits.

    Six digits, not four decimals: the article's 1.555 / 4 = 0.38875 is a tie that four
    decimals would round up or down on the last bit of floating-point noise.
    >>> mse_latex(4, 0.38875)
    '\\\\tfrac{1}{4}\\\\sum_k (y_k - t_k)^2 = \\\\tfrac{2E}{4} = 0.38875'
    """
    return rf"\tfrac{{1}}{{{k}}}\sum_k (y_k - t_k)^2 = \tfrac{{2E}}{{{k}}} = {format_entry(mse)}"


def cee_latex(y, t, target_class, cee, delta, lang="en"):
    """E = −Σ t_k log(y_k + δ) with the classes where t_k ≠ 0 substituted, and the result.

    y, t: (K,) float arrays; target_class: the term always shown; cee: the value to write;
    delta: the δ the value was computed with.
    """
    nonzero = np.flatnonzero(t)
    shown = _pick(nonzero, target_class)
    terms = [
        f"{_tex_number(t[k])} \\cdot \\log({_tex_number(y[k])} + {_tex_number(delta)})" for k in shown
    ] or ["0"]
    note = _note(len(y) - len(terms), all_zero=len(shown) == len(nonzero), lang=lang)
    return _aligned(r"-\sum_k t_k \log(y_k + \delta)", "-", terms, note, tex_loss(cee))


def cee_shortcut_latex(k, p, cee, delta):
    """For one-hot t on class k, the one term that remains: −log(y_k + δ), with p = y_k.

    >>> print(cee_shortcut_latex(1, 0.8, 0.2231434513142097, 1e-7))
    \\begin{aligned} E &= -\\log(y_{1} + \\delta) \\\\ &= -\\log(0.8 + 10^{-7}) = 0.2231 \\end{aligned}
    """
    return (
        rf"\begin{{aligned}} E &= -\log(y_{{{k}}} + \delta) \\ "
        rf"&= -\log({_tex_number(p)} + {_tex_number(delta)}) = {tex_loss(cee)} \end{{aligned}}"
    )


def reading(y, t, target_class, one_hot, lang="en"):
    """One sentence in `lang`: the correct class, its probability, and the model's top choice.

    y, t: (K,) float arrays; target_class: the correct class (t's largest share when soft);
    one_hot: whether t is one-hot. A class that ties with the correct one for the top is called
    a tie, never "its top choice".
    >>> import numpy as np
    >>> print(reading(np.array([0.1, 0.05, 0.05, 0.8]), np.array([0, 1, 0, 0]), 1, True))
    The correct class is 1 (counting from 0) and the model gave it p = 0.05; its top choice is class 3 (0.8).
    >>> print(reading(np.array([0.5, 0.5]), np.array([1, 0]), 0, True))
    The correct class is 0 (counting from 0) and the model gave it p = 0.5; class 1 got as much, a tie for the top.
    """
    k, p = target_class, float(y[target_class])
    if one_hot:
        first = text("reading.one_hot", lang, k=k, p=format_entry(p))
    else:
        first = text("reading.soft", lang, share=format_entry(t[k]), k=k, p=format_entry(p))
    top = float(y.max())
    ties = [int(j) for j in np.flatnonzero(y == top) if j != k]
    if y[k] < top:
        top_class = int(np.argmax(y))
        return first + text("reading.top_other", lang, top=top_class, p_top=format_entry(y[top_class]))
    if ties:
        return first + text("reading.top_tie", lang, others=", ".join(map(str, ties)))
    return first + text("reading.top_same", lang)


def _ratio(r):
    """A ratio as a person says it: 3.9, 21, 1,234 (never 1e+03)."""
    return f"{r:.2g}" if r < 10 else f"{r:,.0f}"


def headline(sse, cee, p, one_hot, delta, lang="en", *, sums_to_one=True):
    """The first screen's sentence: both losses, how they compare, and where each is heading.

    sse, cee: the two losses; p: the probability on the correct class; one_hot: whether t is
    one-hot; delta: the δ of cee, which caps it at −log(δ); sums_to_one: whether y does, without
    which squared error is not bounded by 1 and the sentence does not say it is.
    >>> print(headline(0.7775, 2.9957302735559908, 0.05, True, 1e-7))
    Cross-entropy 2.996, squared error 0.7775: with p = 0.05 on the correct class, cross-entropy is 3.9× larger and keeps growing toward 16.1 as p → 0; squared error never exceeds 1.
    """
    numbers = {"cee": format_loss(cee) if abs(cee) < 5e-5 else f"{cee:.4g}", "sse": f"{sse:.4g}"}
    p = format_entry(p)
    if not one_hot:
        return text("headline.soft", lang, p=p, **numbers)
    if sse == 0:
        return text("headline.perfect", lang, cee=numbers["cee"])
    if cee <= sse:
        return text("headline.sse_larger", lang, p=p, **numbers)
    cap = f"{-np.log(delta):.1f}"  # −log(0 + δ): the most cross-entropy can charge one sample
    key = "headline.cee_larger" if sums_to_one else "headline.cee_larger_unbounded"
    return text(key, lang, p=p, ratio=_ratio(cee / sse), cap=cap, **numbers)
