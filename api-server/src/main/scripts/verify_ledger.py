#!/usr/bin/env python3
"""Verifies an export of Linli's feedback ledger on its own, without Linli.

    curl -s -H "Authorization: Bearer $TOKEN" http://host:8080/api/v1/feedback/ledger/export > ledger.ndjson
    python3 verify_ledger.py ledger.ndjson        # or: ... | python3 verify_ledger.py -

Each line is one entry: the fields of its canonical form plus "prevHash" and "hash". The canonical form is the
entry without those two, as JSON with members sorted by name, no whitespace and UTF-8 text (RFC 8785 for these
values); hash = hex(SHA-256(prevHash + canonical)), and the first entry follows 64 zeros. Prints the number of
entries, the head hash and the root of the Merkle tree over the canonical entries (RFC 9162: leaf =
SHA-256(0x00 + canonical), node = SHA-256(0x01 + left + right)), which must equal the "root" that
GET /api/v1/public/ledger answers for the same number of entries; exits 1 naming the first bad entry.
"""
import hashlib
import json
import sys

GENESIS = "0" * 64


def main(path):
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    head, n, leaves = GENESIS, 0, []
    for line in stream:
        if not line.strip():
            continue
        n += 1
        entry = json.loads(line)
        prev, claimed = entry.pop("prevHash"), entry.pop("hash")
        where = "entry %d (%s)" % (n, entry.get("feedbackId"))
        if entry.get("seq") != n:
            return fail(where, "expected seq %d, found %s: an entry is missing or out of order" % (n, entry.get("seq")))
        if prev != head:
            return fail(where, "its prevHash is not the hash of entry %d" % (n - 1))
        canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if hashlib.sha256((prev + canonical).encode("utf-8")).hexdigest() != claimed:
            return fail(where, "its hash does not match its content")
        head = claimed
        leaves.append(hashlib.sha256(b"\x00" + canonical.encode("utf-8")).digest())
    print(json.dumps({"valid": True, "entries": n, "head": head, "merkleRoot": merkle_root(leaves).hex()}))
    return 0


def merkle_root(leaves):
    """RFC 9162 MTH over leaf hashes: split at the largest power of two below the count."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + merkle_root(leaves[:k]) + merkle_root(leaves[k:])).digest()


def fail(where, reason):
    print(json.dumps({"valid": False, "firstBad": where, "reason": reason}))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "-"))
