"""Command line: `python -m beltatlas validate PATH` and `python -m beltatlas sample --out DIR`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m beltatlas",
        description="产业带图鉴 数据工具 / Belt Atlas data tools",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = sub.add_parser(
        "validate",
        help="校验数据集文件夹或单个表文件 / validate a dataset folder or one table file",
        description=(
            "校验数据集文件夹或单个表文件（以表名命名，如 belts.csv）；逐行打印问题，有问题时退出码为 1。"
            " / Validate a dataset folder or one table file (named after its table, e.g. belts.csv);"
            " prints one problem per line and exits 1 when there is any."
        ),
    )
    validate.add_argument("path", type=Path, metavar="PATH", help="文件夹或文件 / folder or file")
    sample = sub.add_parser(
        "sample",
        help="生成示例数据集 / write the sample dataset",
        description="用种子生成器写出示例数据表 / Write the sample tables from the seeded generator.",
    )
    sample.add_argument("--out", type=Path, required=True, metavar="DIR", help="输出文件夹 / output folder")
    sample.add_argument(
        "--rows",
        type=int,
        default=None,
        metavar="N",
        help="brand_sales 行数（默认：内置规模）/ rows (default: built-in)",
    )
    sample.add_argument(
        "--seed", type=int, default=2021, metavar="S", help="随机种子 / random seed (default 2021)"
    )
    return parser


def _validate(path: Path) -> int:
    from beltatlas.validate import validate_path

    report = validate_path(path)
    if report.ok:
        print(report.summary())
        return 0
    for problem in report.problems:
        print(problem)
    print(report.summary(), file=sys.stderr)
    return 1


def _sample(out: Path, rows: int | None, seed: int) -> int:
    if rows is not None and rows < 0:
        print("--rows 不能为负数 / --rows must not be negative", file=sys.stderr)
        return 2
    try:
        from beltatlas.sample import write_sample
    except ImportError as exc:
        print(f"示例生成器不可用 / sample generator unavailable: {exc}", file=sys.stderr)
        return 2
    try:
        counts = write_sample(out, rows=rows, seed=seed)
    except OSError as exc:
        print(f"无法写入 {out} / cannot write {out}: {exc}", file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(f"{name}: {n:,}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.path)
    return _sample(args.out, args.rows, args.seed)


if __name__ == "__main__":
    sys.exit(main())
