package fileapi

import (
	"context"
	"net/http"
	"time"

	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/httpapi"
)

// rejectedItem describes one rejected upload.
type rejectedItem struct {
	ID          string    `json:"id"`
	Owner       string    `json:"owner"`
	Name        string    `json:"name"`
	ContentType string    `json:"contentType"`
	Size        int64     `json:"size"`
	RejectedAt  time.Time `json:"rejectedAt"`
	// ReasonCode is one of the files.Reject codes.
	ReasonCode string `json:"reasonCode"`
	Reason     string `json:"reason"`
}

// rejectedList is the body of GET /admin/quarantine.
type rejectedList struct {
	Files      []rejectedItem `json:"files"`
	NextCursor string         `json:"nextCursor,omitempty"`
}

// quarantineReport serves the report of rejected uploads.
type quarantineReport struct {
	settings Settings
	client   ListAPI
}

// NewQuarantineHandler returns the handler of GET /admin/quarantine, which lists the uploads that validation
// or the malware scan rejected, with the reason, to admins only. It reads metadata and never hands out the
// content of a rejected file.
func NewQuarantineHandler(settings Settings, client ListAPI, deps Deps) Handler {
	deps = deps.withDefaults()
	handler := &quarantineReport{settings: settings, client: client}
	return serve(deps.Logger, map[routeKey]operation{
		{method: http.MethodGet, resource: "/admin/quarantine"}: handler.list,
	})
}

func (h *quarantineReport) list(ctx context.Context, c *call) (result, error) {
	if err := c.requireAdmin(h.settings.AdminGroup); err != nil {
		return result{}, err
	}
	limit, err := pageSize(c)
	if err != nil {
		return result{}, err
	}
	cursor, err := c.query("cursor")
	if err != nil {
		return result{}, err
	}

	prefix := h.settings.Layout.Prefix(files.AreaRejected)
	startAfter := ""
	if cursor != "" {
		ref, err := h.settings.Layout.Parse(prefix + cursor)
		if err != nil || ref.Area != files.AreaRejected {
			return result{}, httpapi.NewClientError(http.StatusBadRequest, CodeInvalidParameter,
				"cursor must be the nextCursor of a previous page.")
		}
		startAfter = prefix + cursor
	}

	listed, err := listFiles(ctx, h.client, h.settings.Bucket, h.settings.Layout, prefix, startAfter, limit)
	if err != nil {
		return result{}, err
	}
	body := rejectedList{Files: make([]rejectedItem, 0, len(listed.files))}
	for _, file := range listed.files {
		body.Files = append(body.Files, rejectedItem{
			ID:          file.ref.ID,
			Owner:       file.ref.Owner,
			Name:        file.metadata.Name,
			ContentType: file.contentType,
			Size:        file.size,
			RejectedAt:  file.lastModified,
			ReasonCode:  file.metadata.RejectCode,
			Reason:      file.metadata.RejectReason,
		})
	}
	if listed.last != "" {
		body.NextCursor = listed.last[len(prefix):]
	}
	return result{status: http.StatusOK, body: body}, nil
}
