"""Line coverage per assembly over every cobertura report of a run: a line counts as covered
when any run (net10.0, net8.0, the Pester run in pwsh) hit it."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

lines = {}
for report in Path(sys.argv[1]).rglob("coverage.cobertura.xml"):
    for package in ET.parse(report).getroot().iter("package"):
        seen = lines.setdefault(package.get("name"), {})
        for cls in package.iter("class"):
            for line in cls.findall("./lines/line"):
                key = (cls.get("filename"), line.get("number"))
                seen[key] = seen.get(key, False) or int(line.get("hits")) > 0

for name in sys.argv[2:]:
    seen = lines.get(name, {})
    covered = sum(seen.values())
    share = 100.0 * covered / len(seen) if seen else 0.0
    print(f"Line coverage {name}: {share:.1f}% ({covered} of {len(seen)} lines)")
