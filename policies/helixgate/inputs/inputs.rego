# METADATA
# title: Input checks
# description: |
#   What the pack checks of its input itself, for a caller of OPA that does
#   not go through `helixgate check` (which refuses such input before it
#   asks): every date of the manifest, and the evaluation date, must be a date
#   the pack can compute with (HG-INPUT-001, policy-pack-v2 "Dates"). A date
#   the rules cannot place in time would drop a transfer from every 12-month
#   window and turn a deny into an allow.
package helixgate.inputs

import data.helixgate.lib

# The date fields of manifest-v1 and policy-pack-v2, from the pack's data:
# `path` inside the manifest, or inside each entry of the list `each`.
_fields := lib.dates.fields

_parent(x, path) := object.get(x, array.slice(path, 0, count(path) - 1), {})

_key(path) := path[count(path) - 1]

# Findings about a list entry sort with its transfer when it is one.
default _order(_, _) := -1

_order("transfers", i) := i

# [order, pointer, value] of every date field the manifest has.
_dates contains [-1, concat("/", array.concat([""], field.path)), value] if {
	some field in _fields
	not field.each
	value := _parent(lib.manifest, field.path)[_key(field.path)]
}

_dates contains [_order(field.each, i), pointer, value] if {
	some field in _fields
	some i, entry in object.get(lib.manifest, field.each, [])
	value := _parent(entry, field.path)[_key(field.path)]
	pointer := concat("/", array.concat(["", field.each, format_int(i, 10)], field.path))
}

# [order, pointer] of every required date field an entry lacks.
_missing contains [_order(field.each, i), pointer] if {
	some field in _fields
	field.required
	some i, entry in object.get(lib.manifest, field.each, [])
	not _key(field.path) in object.keys(_parent(entry, field.path))
	pointer := concat("/", array.concat(["", field.each, format_int(i, 10)], field.path))
}

_finding(order, pointer, what) := lib.finding("HG-INPUT-001", order, pointer, sprintf(
	"%s is not a real day written YYYY-MM-DD from %s to %s: no rule can place it in time",
	[what, lib.dates.first, lib.dates.last],
))

findings contains _finding(order, pointer, sprintf("%s (%s)", [pointer, json.marshal(value)])) if {
	some [order, pointer, value] in _dates
	not lib.valid_date(value)
}

findings contains _finding(order, pointer, sprintf("%s (missing)", [pointer])) if {
	some [order, pointer] in _missing
}

# The evaluation date decides which waivers have expired.
findings contains _finding(-1, "", sprintf("the evaluation date as_of (%s)", [json.marshal(as_of)])) if {
	as_of := input.context.as_of
	not lib.valid_date(as_of)
}
