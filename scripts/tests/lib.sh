# SPDX-License-Identifier: GPL-2.0
# Helpers for scripts/tests/*.sh; sourced by scripts/check.
#
# A test is a function test_NAME that returns 0 when it passes. On failure
# it says what it expected and what it saw on a line starting "check: "
# (fail / expect_* do that) and returns non-zero.

VM_OUT=
VM_RC=

# fail MESSAGE: report a failure and return 1.
fail() {
	echo "check: $*"
	return 1
}

# skip REASON: say why the test cannot run here and return 77, which
# scripts/check reports as SKIP (never as a pass). Use it as the test's
# last command: { skip "REASON"; return; }
skip() {
	echo "skip: $*"
	return 77
}

# vm ARGS...: run scripts/vm, keep its console in $VM_OUT and status in $VM_RC.
# Console lines are also copied to the test's log.
vm() {
	VM_OUT=$(scripts/vm "$@" 2>&1)
	VM_RC=$?
	printf '%s\n' "$VM_OUT"
	echo "[vm exit status $VM_RC]"
}

# vm_ok ARGS...: run scripts/vm and require exit status 0.
vm_ok() {
	vm "$@"
	[ "$VM_RC" -eq 0 ] ||
		fail "guest command exit status 0, saw $VM_RC ($(vm_why))"
}

# The runner's own explanation of a failed run, if any.
vm_why() {
	printf '%s\n' "$VM_OUT" | grep -m1 '^vm: ' || echo "no vm: line"
}

# guest_value KEY: the value of the last "KEY=value" line the guest printed.
guest_value() {
	printf '%s\n' "$VM_OUT" | sed -n "s/^$1=//p" | tail -n 1
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', saw '$3'"
}

# expect_output REGEX: the console has a line matching REGEX (grep -E).
expect_output() {
	# Not a pipe: grep -q stops reading early, and with pipefail the
	# writer's SIGPIPE would turn a match into a failure.
	grep -qE -- "$1" <<<"$VM_OUT" ||
		fail "console line matching /$1/, saw none"
}

# expect_no_output REGEX
expect_no_output() {
	local line
	line=$(printf '%s\n' "$VM_OUT" | grep -m1 -E -- "$1")
	[ -z "$line" ] || fail "no console line matching /$1/, saw '$line'"
}

# expect_in_range WHAT VALUE LOW HIGH: LOW <= VALUE < HIGH (integers, 0x ok).
expect_in_range() {
	[ -n "$2" ] || { fail "$1: expected a value in [$3, $4), saw nothing"; return; }
	(($2 >= $3 && $2 < $4)) ||
		fail "$1: expected a value in [$3, $4), saw $(printf '0x%x' "$2")"
}

# kunit_suite_result SUITE: read the KTAP that the built-in KUnit suite SUITE
# printed on the console of the last vm run ($VM_OUT) and report it.
# Sets KUNIT_PASSED, KUNIT_SKIPPED, KUNIT_FAILED (numbers of test cases)
# and KUNIT_SKIPS ("case: reason" lines). Prints a summary line and each
# skipped case for the log; for each failing case a "check: " line naming
# it, followed by its diagnostic lines (what the console showed between the
# previous case's result and its own). Returns 0 when the suite ran to its
# end and no case failed; skipped cases are for the caller to judge.
kunit_suite_result() {
	local suite=$1 tag a b planned='' ended='' begun='' rc=0 seen
	KUNIT_PASSED=0 KUNIT_SKIPPED=0 KUNIT_FAILED=0 KUNIT_SKIPS=
	while IFS=$'\t' read -r tag a b; do
		case $tag in
		B) begun=1 ;;
		N) planned=$a ;;
		P) KUNIT_PASSED=$((KUNIT_PASSED + 1)) ;;
		S)
			KUNIT_SKIPPED=$((KUNIT_SKIPPED + 1))
			KUNIT_SKIPS+="$a: $b"$'\n'
			echo "kunit $suite: SKIP $a: $b"
			;;
		F)
			KUNIT_FAILED=$((KUNIT_FAILED + 1))
			fail "kunit $suite: test case $a: not ok"
			;;
		D) echo "check:     $a${b:+ $b}" ;;
		E) ended=1 ;;
		esac
	done < <(printf '%s\n' "$VM_OUT" | awk -v suite="$suite" '
		{ sub(/^\[ *[0-9]+\.[0-9]+\] /, "") }
		!begun {
			if (match($0, /^ *# Subtest: /) &&
			    substr($0, RLENGTH + 1) == suite) {
				begun = 1
				ind = RLENGTH - length("# Subtest: ")
				print "B"
			}
			next
		}
		ended { next }
		{
			match($0, /^ */)
			cur = RLENGTH
			rest = substr($0, cur + 1)
		}
		cur == ind && rest ~ /^1\.\.[0-9]+$/ {
			print "N\t" substr(rest, 4)
			nb = 0
			next
		}
		cur <= ind && rest ~ /^(not )?ok [0-9]+ / {
			bad = rest ~ /^not /
			sub(/^(not )?ok [0-9]+ /, "", rest)
			name = rest
			sub(/ .*/, "", name)
			if (cur < ind) {
				if (name == suite) {
					ended = 1
					print "E"
				}
				next
			}
			if (bad) {
				print "F\t" name
				for (i = 0; i < nb && i < 50; i++)
					print "D\t" buf[i]
				if (nb > 50)
					print "D\t(" nb - 50 " more lines in the log)"
			} else if (match(rest, / # SKIP( |$)/)) {
				print "S\t" name "\t" substr(rest, RSTART + RLENGTH)
			} else {
				print "P\t" name
			}
			nb = 0
			next
		}
		{ buf[nb++] = $0 }
	')
	seen=$((KUNIT_PASSED + KUNIT_SKIPPED + KUNIT_FAILED))
	echo "kunit $suite: $KUNIT_PASSED ok, $KUNIT_SKIPPED skipped, $KUNIT_FAILED failed (${planned:-?} planned)"
	if [ -z "$begun" ]; then
		fail "kunit $suite: a KTAP '# Subtest: $suite' on the console, saw none"
		return 1
	fi
	[ "$KUNIT_FAILED" -eq 0 ] || rc=1
	if [ -z "$ended" ]; then
		fail "kunit $suite: the suite's final result line, saw none after $seen test case results"
		rc=1
	elif [ -n "$planned" ] && [ "$seen" -ne "$planned" ]; then
		fail "kunit $suite: $planned test case results, saw $seen"
		rc=1
	fi
	[ "$seen" -gt 0 ] || { fail "kunit $suite: at least one test case, saw none"; rc=1; }
	return $rc
}

# bench_csv_row CSV SCENARIO PAGES ALIGN KERNEL: scripts/bench's CSV has a
# well-formed row for that request (22 fields, counts, a success rate and
# a p50 latency over all requests).
bench_csv_row() {
	local row
	row=$(grep -m1 "^$2,$3,$4,$5," "$1")
	[ -n "$row" ] || { fail "a row '$2,$3,$4,$5,...' in $1, saw none"; return 1; }
	printf '%s\n' "$row" | awk -F, 'NF == 22 && $5 ~ /^[0-9]+$/ &&
		$6 ~ /^[0-9]+$/ && $7 ~ /^[0-9.]+$/ && $18 ~ /^[0-9.]+$/ {
		ok = 1 } END { exit !ok }' ||
		fail "a well-formed CSV row (22 fields, numbers), saw '$row'"
}

# expect_near WHAT EXPECTED ACTUAL TOLERANCE: |ACTUAL - EXPECTED| <= TOLERANCE.
expect_near() {
	[ -n "$3" ] && [ -n "$2" ] ||
		{ fail "$1: expected $2 +- $4, saw '$3'"; return; }
	local d=$(($3 - $2))
	((d <= $4 && -d <= $4)) || fail "$1: expected $2 +- $4, saw $3"
}
