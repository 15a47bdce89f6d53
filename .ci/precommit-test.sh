#!/usr/bin/env bash
# Tests the pre-commit hooks for real: pre-commit (Debian's package) installs
# them from a snapshot of this working tree with `go install ./...`, as it
# would from GitHub, and runs them in a throwaway git repository holding a
# seed page. Called by .ci/run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seed=${SEED:-$root/../shared/seeds/000_75925f2242121178.txt}
command -v pre-commit >/dev/null || { echo "precommit-test: pre-commit is not installed"; exit 1; }
[ -f "$seed" ] || { echo "precommit-test: no seed at $seed"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache" GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid \
  GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid
# Reuse the module cache: pre-commit points GOPATH into its own cache.
GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE

# try-repo clones a repository: commit a snapshot of the working tree
# (tracked and untracked files, not ignored ones), so that uncommitted
# changes are tested too.
snap="$tmp/newslint"
mkdir "$snap"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 cp --parents -t "$snap")
git -C "$snap" init -q && git -C "$snap" add -A && git -C "$snap" commit -qm snapshot

work="$tmp/corpus"
mkdir "$work"
cp "$seed" "$work/page.txt"
git -C "$work" init -q && git -C "$work" add page.txt && git -C "$work" commit -qm seed
cd "$work"

fail() { echo "precommit-test: $*"; echo "--- output:"; cat "$tmp/out"; exit 1; }

echo "precommit-test: lint hook on a page with noise must fail"
if pre-commit try-repo "$snap" newslint --files page.txt >"$tmp/out" 2>&1; then
  fail "the lint hook passed"
fi
grep -q 'page.txt:13: comment-counter \[comment-counter\]' "$tmp/out" || fail "no comment-counter finding"
grep -q 'newslint lint.*Failed' "$tmp/out" || fail "pre-commit did not report the hook as failed"

echo "precommit-test: clean hook must rewrite the page"
if pre-commit try-repo "$snap" newslint-clean --files page.txt >"$tmp/out" 2>&1; then
  fail "the clean hook passed on a page with noise"
fi
grep -q 'files were modified by this hook' "$tmp/out" || fail "pre-commit saw no modification"
grep -q 'Kommentare' page.txt && fail "the cleaned page still holds the comment counter"
grep -q 'Rutte macht sich laut eigener Aussage' page.txt || fail "the cleaned page lost the article"

echo "precommit-test: both hooks must pass on the cleaned page"
pre-commit try-repo "$snap" newslint --files page.txt >"$tmp/out" 2>&1 || fail "the lint hook failed on the cleaned page"
pre-commit try-repo "$snap" newslint-clean --files page.txt >"$tmp/out" 2>&1 || fail "the clean hook changed the cleaned page again"
echo "precommit-test: ok"
