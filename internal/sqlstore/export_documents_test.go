package sqlstore

import "context"

// AuditDocuments runs the documents part of the audit alone, so its tests
// see its findings without the rest of the audit's.
func AuditDocuments(ctx context.Context, s *Store) (AuditReport, error) {
	var rep AuditReport
	err := s.auditDocuments(ctx, &rep)
	return rep, err
}

// AttachmentDir is where s keeps attachment files, for tests that change
// them behind its back.
func AttachmentDir(s *Store) string { return s.attachmentDir }
