#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes rulebench-cli(1): the hand-written page with its marker line replaced by one
section per command, read from `rulebench-cli --help` and `rulebench-cli COMMAND --help`
(QCommandLineParser's layout), so the page always lists the commands the binary has.

Usage: cli-manpage.py RULEBENCH_CLI PAGE.in PAGE.1
"""
import re
import subprocess
import sys


MARKER = '.\\" COMMANDS: one section per command, written from its --help by cli-manpage.py'


def run_help(cli, *args):
    result = subprocess.run([cli, *args, "--help"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"cli-manpage.py: `rulebench-cli {' '.join(args)} --help` exited {result.returncode}")
    return result.stdout


def roff_text(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # A line starting with . or ' would be read as a request.
    return "\\&" + text if text[:1] in (".", "'") else text


def roff_option(spec):
    # "-h, --help" / "--port <N>" -> bold option names, italic value names
    parts = re.split(r"(<[^>]+>)", spec)
    out = []
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            out.append("\\fI" + roff_text(part[1:-1]) + "\\fR")
        elif part:
            out.append("\\fB" + roff_text(part) + "\\fR")
    return "".join(out)


def commands(top_help):
    """[(name, summary)] from the "Commands:" block of the top-level help."""
    listed = []
    in_block = False
    for line in top_help.splitlines():
        if line.startswith("Commands:"):
            in_block = True
            continue
        if in_block:
            match = re.match(r"^  (\S+)\s+(.*)$", line)
            if not match:
                break
            listed.append((match.group(1), match.group(2).strip()))
    if not listed:
        sys.exit("cli-manpage.py: no commands found in `rulebench-cli --help`")
    return listed


def entries(lines):
    """Two-column rows ("  -x, --long <V>   text", continuation lines indented) -> [(left, text)]."""
    rows = []
    for line in lines:
        match = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
        if match and not line.startswith("    "):
            rows.append([match.group(1).strip(), (match.group(2) or "").strip()])
        elif rows and line.strip():
            rows[-1][1] = (rows[-1][1] + " " + line.strip()).strip()
    return rows


def command_section(cli, name, summary):
    text = run_help(cli, name)
    blocks = {"Options:": [], "Arguments:": []}
    usage_args = ""
    current = None
    for line in text.splitlines():
        if line.startswith("Usage:"):
            # "Usage: /path/to/rulebench-cli [options] PLAN.json" -> the arguments after [options]
            usage_args = line.split("[options]", 1)[1].strip() if "[options]" in line else ""
        elif line in blocks:
            current = line
        elif current and line.strip():
            blocks[current].append(line)
        elif not line.strip():
            current = None
    out = [".SS " + roff_text(name), roff_text(summary), ".PP",
           "\\fBrulebench\\-cli " + roff_text(name) + "\\fR [\\fIoptions\\fR]"
           + ("" if not usage_args else " \\fI" + roff_text(usage_args) + "\\fR")]
    for spec, help_text in entries(blocks["Arguments:"]):
        out += [".TP", "\\fI" + roff_text(spec) + "\\fR", roff_text(help_text)]
    for spec, help_text in entries(blocks["Options:"]):
        if "--help" not in spec:  # every command has it; SYNOPSIS says so once
            out += [".TP", roff_option(spec), roff_text(help_text)]
    return "\n".join(out)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    cli, template_path, output_path = sys.argv[1:]
    sections = [command_section(cli, name, summary) for name, summary in commands(run_help(cli))]
    with open(template_path, encoding="utf-8") as template:
        page = template.read()
    if MARKER not in page:
        sys.exit(f"cli-manpage.py: {template_path} has no line {MARKER!r}")
    with open(output_path, "w", encoding="utf-8") as output:
        output.write(page.replace(MARKER, "\n".join(sections)))


if __name__ == "__main__":
    main()
