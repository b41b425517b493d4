package witness

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"damlam/internal/proof"
)

// Client submits a log's checkpoints to one witness.
type Client struct {
	URL      string // submission prefix; the client posts to URL + "/add-checkpoint"
	Verifier *proof.CosignatureVerifier
	HTTP     *http.Client
}

// ConflictError says the witness has cosigned another size than the client
// assumed; the client resubmits with a proof from Size.
type ConflictError struct{ Size uint64 }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("witness: the latest cosigned size is %d", e.Size)
}

// Add submits checkpoint with a consistency proof from old and returns the
// checkpoint with the witness's verified cosignature appended.
func (c *Client) Add(ctx context.Context, old uint64, consistency [][32]byte, checkpoint []byte, logKeys note.Verifiers) ([]byte, error) {
	var body bytes.Buffer
	fmt.Fprintf(&body, "old %d\n", old)
	for _, h := range consistency {
		body.WriteString(base64.StdEncoding.EncodeToString(h[:]) + "\n")
	}
	body.WriteString("\n")
	body.Write(checkpoint)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.URL, "/")+"/add-checkpoint", &body)
	if err != nil {
		return nil, err
	}
	res, data, err := c.send(req)
	if err != nil {
		return nil, err
	}
	switch res.StatusCode {
	case http.StatusOK:
	case http.StatusConflict:
		if res.Header.Get("Content-Type") == "text/x.tlog.size" {
			n, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
			if err == nil {
				return nil, &ConflictError{Size: n}
			}
		}
		return nil, fmt.Errorf("witness %s: conflict: %s", c.Verifier.Name(), strings.TrimSpace(string(data)))
	default:
		return nil, fmt.Errorf("witness %s: %s: %s", c.Verifier.Name(), res.Status, strings.TrimSpace(string(data)))
	}
	// The answer is signature lines: append them and keep only if the
	// witness's own cosignature verifies.
	cosigned := append(append([]byte{}, checkpoint...), data...)
	got, err := proof.Cosignatures(cosigned, logKeys, []*proof.CosignatureVerifier{c.Verifier})
	if err != nil {
		return nil, err
	}
	if len(got) == 0 {
		return nil, fmt.Errorf("witness %s: the answer carries no cosignature of its key", c.Verifier.Name())
	}
	return cosigned, nil
}

// Witnessed is the latest checkpoint a witness says it cosigned for a log.
type Witnessed struct {
	Checkpoint proof.Checkpoint
	// Note is the checkpoint as the witness keeps it: the log's
	// signatures, unverified here, and the witness's verified
	// cosignature.
	Note []byte
	// Time is when the witness cosigned it.
	Time time.Time
}

// Latest asks the witness for the latest checkpoint of the log origin it
// cosigned (GET latest-checkpoint, see the package comment) and checks the
// witness's cosignature on it. It returns nil and no error when the
// witness has cosigned none yet. Whether the log signed the checkpoint is
// the caller's to check, with the log's keys.
func (c *Client) Latest(ctx context.Context, origin string) (*Witnessed, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		strings.TrimSuffix(c.URL, "/")+"/latest-checkpoint?origin="+url.QueryEscape(origin), nil)
	if err != nil {
		return nil, err
	}
	res, data, err := c.send(req)
	if err != nil {
		return nil, err
	}
	switch res.StatusCode {
	case http.StatusOK:
	case http.StatusNoContent:
		return nil, nil
	default:
		return nil, fmt.Errorf("witness %s: %s: %s", c.Verifier.Name(), res.Status, strings.TrimSpace(string(data)))
	}
	// Only the witness's own key is trusted here: note.Open skips the
	// log's signatures as unknown and fails unless the cosignature holds.
	n, err := note.Open(data, note.VerifierList(c.Verifier))
	if err != nil {
		return nil, fmt.Errorf("witness %s: latest checkpoint: %w", c.Verifier.Name(), err)
	}
	cp, err := proof.ParseCheckpointBody([]byte(n.Text))
	if err != nil {
		return nil, fmt.Errorf("witness %s: latest checkpoint: %w", c.Verifier.Name(), err)
	}
	if cp.Origin != origin {
		return nil, fmt.Errorf("witness %s: asked for log %q, answered with %q", c.Verifier.Name(), origin, cp.Origin)
	}
	w := &Witnessed{Checkpoint: cp, Note: data}
	for _, s := range n.Sigs {
		if raw, err := base64.StdEncoding.DecodeString(s.Base64); err == nil && len(raw) >= 12 {
			w.Time = time.Unix(int64(binary.BigEndian.Uint64(raw[4:12])), 0).UTC()
		}
	}
	return w, nil
}

// send sends req to the witness and reads its answer, bounded: a witness's
// answers are a few signature lines or one checkpoint.
func (c *Client) send(req *http.Request) (*http.Response, []byte, error) {
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	return res, data, err
}
