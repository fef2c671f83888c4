package httpx

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/vios-platform/vios"
)

// ServeAttachment writes a file as a download only, for web and API alike:
// its type as recognised at upload (never HTML), nosniff and a sandbox, so
// even a browser that ignored the disposition runs nothing. The length is
// promised: a file that breaks off (it did not open) is a broken download.
func ServeAttachment(w http.ResponseWriter, a *vios.Attachment, content io.Reader, logError func(msg string, args ...any)) {
	ctype := a.ContentType
	if _, ok := vios.AttachmentTypes[ctype]; !ok {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if _, err := io.Copy(w, content); err != nil {
		// The length was promised: the browser sees a broken download.
		logError("download attachment", "attachment", a.ID, "err", err)
	}
}
