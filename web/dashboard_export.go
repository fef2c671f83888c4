package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// dashboardExport downloads one table of the dashboard
// (/statistieken/{gemeente}/export?tabel=…&formaat=csv|xlsx and the
// dashboard's filters): the same rows as the page, every text cell
// neutralised (httpx.SafeCell) so that none runs as a formula.
func (h *Handler) dashboardExport(w http.ResponseWriter, r *http.Request) {
	view, status, ok := h.loadDashboard(w, r)
	if !ok {
		return
	}
	if status != http.StatusOK {
		h.renderError(w, r, view.errorOf())
		return
	}
	var table *dashTable
	for i := range view.Tables {
		if view.Tables[i].ID == r.URL.Query().Get("tabel") {
			table = &view.Tables[i]
		}
	}
	if table == nil {
		h.renderError(w, r, vios.Errorf(vios.EINVALID, "Kies een tabel van het dashboard om te downloaden."))
		return
	}
	name := "cijfers-" + view.Municipality.Slug + "-" + table.ID
	switch r.URL.Query().Get("formaat") {
	case "csv":
		writeCSVSeparated(w, name+".csv", ';', table.records())
	case "xlsx":
		body, err := xlsxOf(table.Caption, table.records())
		h.download(w, r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name+".xlsx", body, err)
	default:
		h.renderError(w, r, vios.Errorf(vios.EINVALID, "Kies als formaat csv of xlsx."))
	}
}

// errorOf is the filter mistake the view holds, as an error.
func (v *dashboardView) errorOf() error {
	return vios.Errorf(vios.EINVALID, "%s", v.Error)
}

// xlsxOf writes records as a workbook of one sheet: whole numbers as
// numbers (a number cannot be a formula), every text through
// httpx.SafeCell as in the CSV.
func xlsxOf(title string, records [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Cijfers"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Language: "nl-NL"}); err != nil {
		return nil, err
	}
	for i, rec := range records {
		row := make([]any, len(rec))
		for j, cell := range rec {
			if n, err := strconv.Atoi(cell); err == nil && i > 0 {
				row[j] = n
			} else {
				row[j] = httpx.SafeCell(cell)
			}
		}
		addr, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return nil, err
		}
		if err := f.SetSheetRow(sheet, addr, &row); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
