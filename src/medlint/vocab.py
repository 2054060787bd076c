"""Named vocabularies: word lists that rules, contexts and page checks share by name.

A rule file may carry

    vocab:
      repair-verb:
        description: verbs that say a body part is mended
        forms: verb            # also match repairs, repaired, repairing
        words: [repair, restore, rebuild, regenerate]
      session-unit: [session, infusion, round, course]   # a plain list: forms none

and a pattern refers to a list as `{repair-verb}`. A reference stands for "any of the
list's words, as whole words"; adding "regrow" to the list improves every rule that uses
it (GATE's gazetteers, spaCy's `IN: [...]`). An entry may itself be `{other}` to include
another list. Regex quantifiers (`{2}`, `{0,3}`) never start with a letter, so they do not
clash; an unknown name is a `file:line` error.

Two lists are built from the data tables: `treatment-name` (every treatment's aliases in
rules/treatments.yaml) and `condition` (every condition's synonyms in rules/conditions.yaml).
"""

from __future__ import annotations

import re

from medlint.schema import Where, check_keys, get_choice, get_str_list, type_name

FORMS = ("none", "noun", "verb")
NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
# A reference in a pattern: {name}, not escaped as \{.
REFERENCE = re.compile(r"(?<!\\)\{([a-z][a-z0-9-]*)\}")
TABLE_VOCABS = ("treatment-name", "condition")


class Vocab:
    """One named list: its words with their inflections, and where it was defined."""

    __slots__ = ("name", "words", "forms", "description", "path", "line", "includes", "declared")

    def __init__(self, name, words, forms, description, path, line, includes=(), declared=None) -> None:
        self.name, self.words, self.forms = name, words, forms
        self.description, self.path, self.line = description, path, line
        self.includes = includes  # names of other lists included by `{other}` entries
        self.declared = list(declared if declared is not None else words)  # as written, uninflected


def parse_vocab(name: str, where: Where, node) -> Vocab:
    """A `vocab:` entry: a plain list of words, or a mapping with words/forms/description."""
    if not NAME.match(str(name)):
        raise where.error(f'vocabulary name "{name}" must be lower-case letters, digits and hyphens, '
                          "starting with a letter", name)
    if isinstance(node, list):
        inner = Where(where.path, {"words": node}, where.error_cls)
        line = where.line(name)
        words, forms, description = get_str_list(inner, "words"), "none", ""
    elif isinstance(node, dict):
        inner = Where(where.path, node, where.error_cls)
        check_keys(inner, {"words", "forms", "description"}, required=("words",))
        words = get_str_list(inner, "words")
        forms = get_choice(inner, "forms", FORMS, "none")
        description = node.get("description", "") or ""
        line = where.line(name)
    else:
        raise where.error(f'vocabulary "{name}" must be a list of words or a mapping, found {type_name(node)}', name)
    includes, plain = [], []
    for word in words:
        ref = REFERENCE.fullmatch(word.strip())
        if ref:
            includes.append(ref.group(1))
        elif not word.strip():
            raise where.error(f'vocabulary "{name}" has an empty word', name)
        elif "{" in word or "}" in word:
            raise where.error(f'vocabulary "{name}": "{word}" mixes words and a {{reference}}; '
                              "a reference must be an entry of its own", name)
        else:
            plain.append(" ".join(word.split()))
    inflected = sorted({form for w in plain for form in inflect(w, forms)})
    return Vocab(name, inflected, forms, description, where.path, line, tuple(includes), plain)


def inflect(phrase: str, forms: str) -> list[str]:
    """The phrase and its regular inflections: a noun's plural (last word), a verb's -s,
    -ed and -ing forms (first word). Irregular forms are listed as words of their own."""
    if forms == "none":
        return [phrase]
    words = phrase.split(" ")
    index = -1 if forms == "noun" else 0
    head = words[index]
    variants = {head, _plural(head)}
    if forms == "verb":
        variants |= set(_past_and_ing(head))
    out = []
    for v in variants:
        copy = list(words)
        copy[index] = v
        out.append(" ".join(copy))
    return out


def _plural(word: str) -> str:
    low = word.lower()
    if not low[-1:].isalpha():
        return word
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _past_and_ing(word: str) -> list[str]:
    low = word.lower()
    if not low[-1:].isalpha():
        return []
    if low.endswith("ie"):
        return [word + "d", word[:-2] + "ying"]
    if low.endswith("ee"):
        return [word + "d", word + "ing"]
    if low.endswith("e"):
        return [word + "d", word[:-1] + "ing"]
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return [word[:-1] + "ied", word + "ing"]
    out = [word + "ed", word + "ing"]
    # stop -> stopped: a short word ending consonant-vowel-consonant may double its last letter.
    if len(low) >= 3 and low[-1] not in "aeiouwxy" and low[-2] in "aeiou" and low[-3] not in "aeiou":
        out += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return out


class Vocabularies:
    """All lists of a pack, resolved (includes expanded), and their regex forms."""

    def __init__(self, vocabs: dict[str, Vocab]) -> None:
        self.vocabs = vocabs
        self._words: dict[str, list[str]] = {}
        self._regex: dict[str, str] = {}
        for name in vocabs:
            self.words(name)  # resolve now: a cycle or an unknown include is a load error

    def words(self, name: str, _path: tuple = ()) -> list[str]:
        if name in self._words:
            return self._words[name]
        vocab = self.vocabs[name]
        if name in _path:
            from medlint.errors import RuleError

            raise RuleError(f"{vocab.path}:{vocab.line}: vocabulary \"{name}\" includes itself "
                            f"({' -> '.join(_path + (name,))})")
        words = set(vocab.words)
        for other in vocab.includes:
            if other not in self.vocabs:
                from medlint.errors import RuleError

                raise RuleError(f'{vocab.path}:{vocab.line}: vocabulary "{name}" includes unknown '
                                f'vocabulary "{other}"{_hint(other, self.vocabs)}')
            words |= set(self.words(other, _path + (name,)))
        self._words[name] = sorted(words, key=lambda w: (-len(w), w))
        return self._words[name]

    def regex(self, name: str) -> str:
        """The list as a regex: any word of it, whole words, the longest that fits.

        Words that start and end with a letter or digit (nearly all) become one prefix tree
        ("cell(?:s|ular)?"): a regex engine tries a plain alternation word by word at every
        position, a tree letter by letter, which is several times faster on long lists."""
        if name not in self._regex:
            from medlint import memo

            words = self.words(name)
            key = memo.digest("\n".join(words))
            # Building the tree is a third of a pack load: the pack cache keeps the result.
            self._regex[name] = memo.recall("vocab-regex", key, lambda: _list_regex(words))
        return self._regex[name]

    def expand(self, pattern: str, where: Where, key: str, line: int | None = None) -> str:
        """The pattern with every {name} replaced by its list; an unknown name is an error."""
        if "{" not in pattern:
            return pattern

        def replace(m):
            name = m.group(1)
            if name not in self.vocabs:
                text = f'unknown vocabulary "{{{name}}}" in "{key}"{_hint(name, self.vocabs)}'
                if line is not None:
                    raise where.error_cls(f"{where.path}:{line}: {text}")
                raise where.error(text, key)
            return self.regex(name)

        return REFERENCE.sub(replace, pattern)


def _list_regex(words: list[str]) -> str:
    plain = [w for w in words if w[:1].isalnum() and w[-1:].isalnum()]
    plain_set = set(plain)
    other = [w for w in words if w not in plain_set]
    alts = ([rf"\b{_trie_regex(plain)}\b"] if plain else []) + [_word_regex(w) for w in other]
    return f"(?:{'|'.join(alts)})" if alts else "(?!)"


def _token(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch in "'\u2019":
        return "['\u2019]"
    return re.escape(ch)


def _trie_regex(words: list[str]) -> str:
    """A regex matching exactly `words` (lower-case text), as a prefix tree, longest first."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [_token(ch) + emit(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: where a word ends and a longer one goes on, the longer is tried first.
        return f"(?:{body})?" if ends else body

    return emit(trie)


def _word_regex(word: str) -> str:
    body = re.escape(word).replace(r"\ ", " ").replace(" ", r"\s+")
    body = body.replace("'", "['\u2019]")
    start = r"\b" if word[:1].isalnum() else ""
    end = r"\b" if word[-1:].isalnum() else ""
    return f"{start}{body}{end}"


def _hint(name: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f' (did you mean "{{{close[0]}}}"?)' if close else ""
