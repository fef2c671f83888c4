package main

import (
	"log/slog"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/pdfprint"
)

// pdfPrinter is the installation's PDF printer, or none.
type pdfPrinter struct{ p *pdfprint.Printer }

// startPrinter finds Chromium for the tagged PDFs (VIOS_CHROMIUM, else the
// PATH). Without one the platform still starts: the print views are offered
// and say a PDF cannot be made here. Chromium itself starts at the first PDF.
func startPrinter(getenv func(string) string, logger *slog.Logger) (pdfPrinter, error) {
	path, err := pdfprint.Find(getenv)
	if err != nil {
		return pdfPrinter{}, err
	}
	if path == "" {
		logger.Warn("no Chromium found (VIOS_CHROMIUM, chromium on the PATH): documents are offered as print views only, without PDF")
		return pdfPrinter{}, nil
	}
	logger.Info("tagged PDF through Chromium", "chromium", path)
	return pdfPrinter{pdfprint.New(path, pdfprint.Options{})}, nil
}

// printer is the printer for the server: nil (no printer) when there is none.
func (p pdfPrinter) printer() vios.PDFPrinter {
	if p.p == nil {
		return nil
	}
	return p.p
}

func (p pdfPrinter) Close() { p.p.Close() } // #nosec G104 -- stopping the browser at exit; the interface has no error to return
