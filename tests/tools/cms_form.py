"""Rewrite content files in the form the web editor writes them (Decap CMS's YAML writer after
/admin/'s keep-order.js), so that a later save through /admin/ changes only what the officer
changed. Comments are lost: move what they say into `notes` first.

    NODE_PATH=.tools/cms/node_modules python tests/tools/cms_form.py content

(tests/test_cms_roundtrip.py fails while an example file is not in this form.)"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from actionplans.content import schema as S  # noqa: E402
from actionplans.publish import admin  # noqa: E402

content = Path(sys.argv[1] if len(sys.argv) > 1 else "content")
paths = sorted(content.glob("reviews/*.yaml")) + [p for n in S.KEYED_LISTS if (p := content / f"{n}.yaml").exists()]
files = [{"path": str(p), "sortedKeys": list(S.REVIEW.fields) if p.parent.name == "reviews" else [p.stem]}
         for p in paths]
env = {**os.environ, "NODE_PATH": os.environ.get("NODE_PATH", str(ROOT / ".tools" / "cms" / "node_modules"))}
done = subprocess.run(["node", str(ROOT / "tests" / "tools" / "decap_yaml.js")], env=env, check=True, text=True,
                      input=json.dumps({"order": admin.key_order(), "files": files}), capture_output=True)
for path, got in json.loads(done.stdout).items():
    if Path(path).read_text(encoding="utf-8") != got["text"]:
        Path(path).write_text(got["text"], encoding="utf-8")
        print("rewrote", path)
