package files

import (
	"strings"
	"testing"
)

func BenchmarkValidateName(b *testing.B) {
	names := []struct {
		name     string
		fileName string
	}{
		{name: "ASCII", fileName: "annual report 2026.pdf"},
		{name: "unicode", fileName: "résumé – Zoë 日本語.pdf"},
		{name: "255 bytes", fileName: strings.Repeat("a", 251) + ".pdf"},
	}
	for _, tt := range names {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := ValidateName(tt.fileName); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCheckContent(b *testing.B) {
	heads := []struct {
		name     string
		declared string
		head     []byte
	}{
		{name: "PDF", declared: "application/pdf", head: append([]byte("%PDF-1.7\n"), make([]byte, SniffBytes-9)...)},
		{name: "text 4 KiB", declared: "text/plain", head: []byte(strings.Repeat("Zoë's notes, line of text.\n", SniffBytes/28))},
	}
	for _, tt := range heads {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if rejection := CheckContent(tt.declared, tt.head, false); rejection != nil {
					b.Fatal(rejection)
				}
			}
		})
	}
}

func BenchmarkLayoutParse(b *testing.B) {
	layout := DefaultLayout()
	key := layout.Key(AreaQuarantine, "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11", "3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := layout.Parse(key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkContentDisposition(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = ContentDisposition("résumé – Zoë 日本語.pdf")
	}
}
