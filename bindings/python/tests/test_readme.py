# libsdm - the example of the README's "Python" section runs as written and prints what the README says.
# SPDX-License-Identifier: MIT
import os
import re
import subprocess
import sys


def test_readme_example(source_root, tmp_path):
    readme = (source_root / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    code, output = re.search(r"```python\n(.*?)```.*?```text\n(.*?)```", section, re.S).groups()
    assert len(code.strip().splitlines()) == 5
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path,
                            env=dict(os.environ), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == output
