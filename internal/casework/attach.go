package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// WithQuota sets the bounds on attachments (workflow.DefaultQuota unless
// set); a zero field is no bound.
func (s *Service) WithQuota(q workflow.Quota) *Service {
	s.quota, s.quotaSet = q, true
	return s
}

func (s *Service) attachQuota() workflow.Quota {
	if s.quotaSet {
		return s.quota
	}
	return workflow.DefaultQuota
}

// MayAttach says whether actor may attach a file of size bytes (-1: not
// yet known) to case id, without reading or writing the file: an upload
// is refused by it before its body is read, so a refused upload costs
// neither the transfer nor the disk.
func (s *Service) MayAttach(ctx context.Context, actor *org.Person, id string, size int64) error {
	if size > workflow.MaxAttachment {
		return problem.New(problem.Invalid, "attachment_too_large", workflow.MaxAttachment>>20)
	}
	return s.store.CheckFile(ctx, id, actor.ID, s.fileCheck(actor, max(size, 0)))
}

// Attach attaches data, named name, to a draft or a returned proposal
// for actor, who must be allowed to edit it, within the quota. The file
// is known by its SHA-256; its type is detected from its bytes, never
// taken from the caller; its name is normalised (workflow.FileName). The
// submission then logs it (SubmitDetails.Files).
func (s *Service) Attach(ctx context.Context, actor *org.Person, id, name string, data []byte) (workflow.File, error) {
	if len(data) > workflow.MaxAttachment {
		return workflow.File{}, problem.New(problem.Invalid, "attachment_too_large", workflow.MaxAttachment>>20)
	}
	clean, err := workflow.FileName(name)
	if err != nil {
		return workflow.File{}, err
	}
	sum := sha256.Sum256(data)
	f := workflow.File{SHA256: hex.EncodeToString(sum[:]), Name: clean, Size: int64(len(data)),
		MIME: http.DetectContentType(data), AddedBy: actor.ID}
	err = s.store.AttachFile(ctx, id, f, data, s.fileCheck(actor, f.Size))
	return f, err
}

func (s *Service) fileCheck(actor *org.Person, size int64) workflow.DecideFile {
	q := s.attachQuota()
	return func(p *workflow.Proposal, f workflow.FileFacts) error {
		if err := workflow.Authorize(actor, p, workflow.Edit); err != nil {
			return err
		}
		return workflow.CheckQuota(q, size, f)
	}
}
