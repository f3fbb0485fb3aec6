package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteJSON writes the report as indented JSON, with the field names documented on Report.
func (r *Report) WriteJSON(w io.Writer) error {
	return writeIndentedJSON(w, r)
}

func writeIndentedJSON(w io.Writer, value any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(value); err != nil {
		return fmt.Errorf("encoding report: %w", err)
	}
	return nil
}

// Outputs names the report files to write. An empty path skips that format.
type Outputs struct {
	JSON     string
	SARIF    string
	Markdown string
}

// WriteFiles writes the requested formats. Each file is rendered in memory first, so a rendering
// error leaves no partial file. It tries every format and returns the errors joined.
func (r *Report) WriteFiles(out Outputs, opts SARIFOptions) error {
	formats := []struct {
		path   string
		render func(io.Writer) error
	}{
		{out.JSON, r.WriteJSON},
		{out.SARIF, func(w io.Writer) error { return r.WriteSARIF(w, opts) }},
		{out.Markdown, r.WriteMarkdown},
	}
	var errs []error
	for _, f := range formats {
		if f.path == "" {
			continue
		}
		var buf bytes.Buffer
		if err := f.render(&buf); err != nil {
			errs = append(errs, fmt.Errorf("rendering %s: %w", f.path, err))
			continue
		}
		if err := writeFile(f.path, buf.Bytes()); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func writeFile(path string, data []byte) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating folder for %s: %w", path, err)
		}
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
