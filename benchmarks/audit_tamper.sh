#!/bin/bash
# Audit tamper demo: `classifier audit verify` on one copy of a clean trail per kind of tampering.
# usage: benchmarks/audit_tamper.sh   (needs .venv-dev)
# Writes a clean trail, then applies one kind of tampering per copy and runs `classifier audit verify`.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d)
C=$ROOT/.venv-dev/bin/classifier
PY=$ROOT/.venv-dev/bin/python
export CLASSIFIER_AUDIT_CHECKPOINT_EVERY=5
W=$W $PY - <<'P'
import os
from classifier.audit.log import AuditLog
W = os.environ['W']
for name, size, node in (("clean", 10**7, ""), ("multi", 2000, ""), ("nodes", 10**7, "web-1"), ("nodes", 10**7, "worker-1")):
    log = AuditLog(f"{W}/{name}/audit", key_dir=f"{W}/keys", checkpoint_every=5, max_bytes=size, node=node)
    for i in range(12):
        log.record("document.processed", document_id=f"d{i}", sha256="0"*64, outcome="success")
    log.close()
P
run() { echo "== $1"; $C audit verify --dir $W/$2/audit --key-dir $W/keys > $W/o.txt 2>&1; rc=$?; tail -3 $W/o.txt; echo "exit $rc"; }
copy() { rm -rf $W/$1; cp -r $W/${2:-clean} $W/$1; F=$(ls $W/$1/audit/audit-*.jsonl | head -1); }
run "untouched (one file)" clean
run "untouched (rotated, 3 files)" multi
copy modify; sed -i '3s/"d2"/"dX"/' $F; run "modify record 3" modify
copy insert; sed -i '4{p}' $F; run "insert (duplicate of record 4)" insert
copy delete; sed -i '5d' $F; run "delete record 5" delete
copy reorder; sed -i '6{h;d};7{G}' $F; run "reorder records 6 and 7" reorder
copy truncate; head -n 9 $F > $W/t && cat $W/t > $F; run "truncate after record 9" truncate
copy torn; head -c -40 $F > $W/t && cat $W/t > $F; run "torn last line" torn
copy forged; $PY - "$F" <<'P'
import json, sys, hmac, hashlib
p = sys.argv[1]; lines = open(p).read().splitlines()
r = json.loads(lines[7]); r["outcome"] = "failure"; r["hmac"] = hmac.new(b"not-the-key", b"x", hashlib.sha256).hexdigest()
lines[7] = json.dumps(r, separators=(",", ":")); open(p, "w").write("\n".join(lines) + "\n")
P
run "forged HMAC without the key (record 8)" forged
copy swap multi; A=$(ls $W/swap/audit/audit-*.jsonl | sed -n 1p); B=$(ls $W/swap/audit/audit-*.jsonl | sed -n 2p); mv $A $W/t; mv $B $A; mv $W/t $B; run "swap the first two files" swap
copy delfile multi; rm $(ls $W/delfile/audit/audit-*.jsonl | sed -n 2p); run "delete the second file" delfile
run "untouched (two nodes, a chain each)" nodes
copy nodemod nodes; F=$(ls $W/nodemod/audit/audit-worker-1-*.jsonl); sed -i '3s/"d2"/"dX"/' $F; run "modify record 3 of node worker-1" nodemod
