// Package memo remembers what a pure function answered for a large input
// (a response body), so that the same bytes seen again cost a hash and a
// comparison instead of the function. An input is kept from the second
// time it is seen, so inputs seen once cost no copy. Lookups are exact: an entry keeps a
// copy of its input and answers only for identical bytes, so a hash
// collision can never return another input's answer.
//
// The emulator uses it where the same large answer is judged again and
// again: a record page read repeatedly has the same contract verdict and
// the same redacted journal body every time.
package memo
