package httpx

import (
	"errors"
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

// UploadedFile finds the part field of a multipart upload and returns its
// file name and content as a stream (never parsed into memory, nor into a
// temporary file in the clear as ParseMultipartForm would). Without one
// (not multipart: notMultipart; no such part or no file chosen: missing;
// a form cut off) the content fails with that error when read: the store
// then decides first whether the actor may add a file at all, and only
// then tells what is wrong with the form.
func UploadedFile(r *http.Request, field string, notMultipart, missing *vios.Error) (string, io.Reader) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", vios.NoFile(notMultipart)
	}
	for {
		part, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case err == io.EOF:
			return "", vios.NoFile(missing)
		case errors.As(err, &tooBig):
			return "", vios.NoFile(vios.Errorf(vios.ETOOLARGE, "Het bestand is groter dan 20 MB. Er is niets opgeslagen."))
		case err != nil:
			return "", vios.NoFile(vios.Errorf(vios.EINVALID, "Het formulier kon niet worden gelezen. Er is niets opgeslagen."))
		case part.FormName() != field:
			continue
		case part.FileName() == "":
			return "", vios.NoFile(missing)
		}
		return part.FileName(), part
	}
}
