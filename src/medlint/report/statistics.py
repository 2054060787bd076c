"""`--statistics`: counts per rule and per category, largest first."""


def closing(stats, statistics: bool) -> str:
    """What text and concise output end with: the counts when asked for, then the summary line."""
    return (render(stats) if statistics else "") + stats.summary_line() + "\n"


def render(stats) -> str:
    lines = []
    if stats.rules:
        width = max(len(r) for r in stats.rules)
        lines.append("Findings by rule:")
        lines += [f"  {count:>5}  {rule:<{width}}" for rule, count in stats.rules.most_common()]
        lines.append("Findings by category:")
        lines += [f"  {count:>5}  {cat}" for cat, count in stats.categories.most_common()]
    return "\n".join(lines) + ("\n" if lines else "")
