//go:build race

package server

// raceDetector says the tests run under -race, whose shadow memory
// multiplies what a process holds: figures of resident memory mean
// nothing then.
const raceDetector = true
