package server

// nonNil is list, or an empty list: a list answer is [] when it holds
// nothing, never null, so that clients need not tell the two apart.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
