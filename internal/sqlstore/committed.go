package sqlstore

import "damlam/internal/problem"

// Once an action's transaction has committed, its decision is in the
// database and in the log, whatever happens next. What comes after the
// commit (the signed checkpoint, the receipt, the case's view) can still
// fail: the signer refuses a tree that no longer holds what it signed (a
// database replaced or edited under the running server), the database
// goes away. Such a failure must not reach the caller as an internal
// error, whose message says that nothing was written: the caller would
// repeat a decision that was taken. afterCommit turns it into an
// Unavailable error that says the decision was recorded, under which log
// index, and that it must not be repeated; refusals of other kinds pass
// unchanged.
func afterCommit(index int64, err error) error {
	if err == nil || problem.KindOf(err) != problem.Internal {
		return err
	}
	return problem.Wrap(problem.Unavailable, "recorded_no_receipt", err, index)
}
