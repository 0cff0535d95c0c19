"""Every benchmark in one go, one table: `make bench` (or `python -m bench`).

    .venv/bin/python -m bench [--databases sqlite postgresql] [--rows 1000000]

Then, on PostgreSQL, the national-volume figures of bench/scale.py (a database of `--rows`
disclosures is built first: about two minutes for a million).
"""

import argparse

from bench import deadlines, events, ingest, push, queries, scale
from bench.harness import print_table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--rows", type=int, default=1_000_000, help="disclosures for bench/scale.py; 0 skips it")
    args = parser.parse_args()
    results = [deadlines.run(verbose=False)]
    results += events.run(args.databases)
    results += queries.run(args.databases)
    results += ingest.run(args.databases)
    results += push.run(args.databases)
    print()
    print_table(results)
    if args.rows and "postgresql" in args.databases:
        print()
        scale.print_lines(scale.run(args.rows, seconds=5), args.rows)


if __name__ == "__main__":
    main()
