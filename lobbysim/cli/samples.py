"""``lobbysim samples [--copy DIR] [NAME...]``: list the bundled samples, or copy them out for editing."""

from __future__ import annotations

from lobbysim.samples import copy_samples, list_samples, samples_root


def register(sub) -> None:
    p = sub.add_parser(
        "samples",
        help="list the bundled sample branches, or copy them out for editing",
        description="List the sample branches and templates that come with lobbysim (layouts and "
        "scenarios), or copy them into a folder of your own with --copy (an existing sample folder "
        "there is never overwritten).",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="only these samples (default: all)")
    p.add_argument("--copy", default=None, metavar="DIR", help="copy the samples into DIR/NAME")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.copy:
        for folder in copy_samples(args.copy, args.names or None):
            print(folder)
        return 0
    root = samples_root()
    wanted = set(args.names or [])
    for s in list_samples():
        if not wanted or s.name in wanted:
            print(s.describe())
    print(f"(in {root}; copy them out with: lobbysim samples --copy DIR)")
    return 0
