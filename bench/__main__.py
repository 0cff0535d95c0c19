"""Every benchmark in one go, one table: `make bench` (or `python -m bench`).

    .venv/bin/python -m bench [--databases sqlite postgresql]
"""

import argparse

from bench import deadlines, events, ingest, queries
from bench.harness import print_table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    results = [deadlines.run(verbose=False)]
    results += events.run(args.databases)
    results += queries.run(args.databases)
    results += ingest.run(args.databases)
    print()
    print_table(results)


if __name__ == "__main__":
    main()
