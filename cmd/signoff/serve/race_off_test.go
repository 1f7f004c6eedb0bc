//go:build !race

package serve

// raceEnabled says the tests run under the race detector, which makes
// every session several times slower.
const raceEnabled = false
