package server

import (
	"net/http"
	"strconv"
)

// nonNil is list, or an empty list: a list answer is [] when it holds
// nothing, never null, so that clients need not tell the two apart.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// totalHeader says how many items a list answered as a bare array holds
// over all its pages: the array is the answer's shape, so its total
// travels beside it (the proposal list, an object, says it as "total").
const totalHeader = "X-Total-Count"

func setTotal(w http.ResponseWriter, n int) { w.Header().Set(totalHeader, strconv.Itoa(n)) }
