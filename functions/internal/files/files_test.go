package files

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testOwner = "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11"
	testID    = "3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d"
)

func TestLayoutKeyAndParse(t *testing.T) {
	layout := DefaultLayout()
	tests := []struct {
		name string
		area Area
		want string
	}{
		{name: "quarantine", area: AreaQuarantine, want: "quarantine/" + testOwner + "/" + testID},
		{name: "files", area: AreaFiles, want: "files/" + testOwner + "/" + testID},
		{name: "rejected", area: AreaRejected, want: "rejected/" + testOwner + "/" + testID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := layout.Key(tt.area, testOwner, testID)

			ref, err := layout.Parse(key)

			assert.Equal(t, tt.want, key)
			require.NoError(t, err)
			assert.Equal(t, Ref{Area: tt.area, Owner: testOwner, ID: testID}, ref)
			assert.Equal(t, key, ref.Key(layout))
		})
	}
}

func TestLayoutParseForeignKeys(t *testing.T) {
	tests := []struct {
		name string
		key  string
	}{
		{name: "GuardDuty validation object", key: "malware-protection-resource-validation-object"},
		{name: "other prefix", key: "logs/" + testOwner + "/" + testID},
		{name: "no id", key: "quarantine/" + testOwner},
		{name: "empty owner", key: "quarantine//" + testID},
		{name: "nested path", key: "quarantine/" + testOwner + "/x/" + testID},
		{name: "traversal in owner", key: "quarantine/../" + testID},
		{name: "upper-case id", key: "files/" + testOwner + "/" + strings.ToUpper(testID)},
		{name: "id with braces", key: "files/" + testOwner + "/{" + testID + "}"},
		{name: "name instead of id", key: "files/" + testOwner + "/report.pdf"},
		{name: "prefix only", key: "files/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DefaultLayout().Parse(tt.key)

			assert.ErrorIs(t, err, ErrForeignKey)
		})
	}
}

func TestLayoutValidate(t *testing.T) {
	tests := []struct {
		name    string
		layout  Layout
		wantErr string
	}{
		{name: "default", layout: DefaultLayout()},
		{name: "nested prefixes of one app", layout: Layout{QuarantinePrefix: "app/in/", FilesPrefix: "app/files/", RejectedPrefix: "app/rejected/"}},
		{name: "empty prefix", layout: Layout{QuarantinePrefix: "", FilesPrefix: "files/", RejectedPrefix: "rejected/"}, wantErr: "must be set"},
		{name: "prefix inside another", layout: Layout{QuarantinePrefix: "files/in/", FilesPrefix: "files/", RejectedPrefix: "rejected/"}, wantErr: "contains the prefix"},
		{name: "same prefix twice", layout: Layout{QuarantinePrefix: "files/", FilesPrefix: "files/", RejectedPrefix: "rejected/"}, wantErr: "contains the prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.layout.Validate()

			if tt.wantErr == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.wantErr)
			}
		})
	}
}

func TestNewID(t *testing.T) {
	random := bytes.NewReader(bytes.Repeat([]byte{0xAB}, 16))

	id, err := NewID(random)

	require.NoError(t, err)
	assert.Equal(t, "abababab-abab-4bab-abab-abababababab", id)
	assert.NoError(t, ValidateID(id))
}

func TestNewIDFailingReader(t *testing.T) {
	_, err := NewID(bytes.NewReader(nil))

	assert.ErrorContains(t, err, "generating file id")
}

func TestValidateOwner(t *testing.T) {
	tests := []struct {
		name    string
		owner   string
		wantErr bool
	}{
		{name: "cognito subject", owner: testOwner},
		{name: "underscore", owner: "user_1"},
		{name: "empty", owner: "", wantErr: true},
		{name: "slash", owner: "a/b", wantErr: true},
		{name: "dot dot", owner: "..", wantErr: true},
		{name: "space", owner: "a b", wantErr: true},
		{name: "too long", owner: strings.Repeat("a", 129), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateOwner(tt.owner)

			if tt.wantErr {
				assert.ErrorIs(t, err, ErrInvalidOwner)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

func TestValidateName(t *testing.T) {
	tests := []struct {
		name     string
		fileName string
		wantErr  string
	}{
		{name: "plain", fileName: "report.pdf"},
		{name: "spaces", fileName: "annual report 2026.pdf"},
		{name: "plus and equals", fileName: "a+b=c.txt"},
		{name: "percent", fileName: "100%.txt"},
		{name: "quotes and semicolon", fileName: `say "hi"; now.txt`},
		{name: "unicode letters", fileName: "résumé – Zoë 日本語.pdf"},
		{name: "emoji with zero-width joiner", fileName: "family 👨\u200d👩\u200d👧.png"},
		{name: "leading dot", fileName: ".profile"},
		{name: "dots inside", fileName: "a..b.txt"},
		{name: "exactly 255 bytes", fileName: strings.Repeat("a", 251) + ".txt"},
		{name: "empty", fileName: "", wantErr: "empty"},
		{name: "only spaces", fileName: "   ", wantErr: "white space"},
		{name: "dot", fileName: ".", wantErr: "not a file name"},
		{name: "dot dot", fileName: "..", wantErr: "not a file name"},
		{name: "parent traversal", fileName: "../etc/passwd", wantErr: "path separator"},
		{name: "windows traversal", fileName: `..\boot.ini`, wantErr: "path separator"},
		{name: "absolute path", fileName: "/tmp/x", wantErr: "path separator"},
		{name: "NUL", fileName: "a\x00.txt", wantErr: "control character U+0000"},
		{name: "newline", fileName: "a\nb.txt", wantErr: "control character U+000A"},
		{name: "escape", fileName: "a\x1b[31m.txt", wantErr: "control character U+001B"},
		{name: "DEL", fileName: "a\x7f.txt", wantErr: "control character U+007F"},
		{name: "C1 control", fileName: "a\u0085.txt", wantErr: "control character U+0085"},
		{name: "right-to-left override", fileName: "invoice\u202efdp.exe", wantErr: "bidirectional"},
		{name: "isolate", fileName: "a\u2066b.txt", wantErr: "bidirectional"},
		{name: "invalid UTF-8", fileName: "a\xffb.txt", wantErr: "UTF-8"},
		{name: "256 bytes", fileName: strings.Repeat("a", 252) + ".txt", wantErr: "256 bytes long"},
		{name: "1025 bytes", fileName: strings.Repeat("a", 1021) + ".txt", wantErr: "1025 bytes long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateName(tt.fileName)

			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, ErrInvalidName)
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestEncodeNameRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		fileName string
		want     string
	}{
		{name: "plain", fileName: "report.pdf", want: "report.pdf"},
		{name: "space", fileName: "a b.txt", want: "a%20b.txt"},
		{name: "plus and equals", fileName: "a+b=c.txt", want: "a+b%3Dc.txt"},
		{name: "percent", fileName: "100%.txt", want: "100%25.txt"},
		{name: "quote", fileName: `"x".txt`, want: "%22x%22.txt"},
		{name: "unicode", fileName: "€.txt", want: "%E2%82%AC.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			encoded := EncodeName(tt.fileName)
			decoded, err := DecodeName(encoded)

			assert.Equal(t, tt.want, encoded)
			require.NoError(t, err)
			assert.Equal(t, tt.fileName, decoded)
		})
	}
}

func TestDecodeNameInvalid(t *testing.T) {
	tests := []struct {
		name    string
		encoded string
	}{
		{name: "truncated escape", encoded: "a%2"},
		{name: "bad hex", encoded: "a%zz"},
		{name: "raw space", encoded: "a b"},
		{name: "encoded slash", encoded: "a%2Fb"},
		{name: "encoded NUL", encoded: "a%00"},
		{name: "invalid UTF-8", encoded: "%FF"},
		{name: "empty", encoded: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeName(tt.encoded)

			assert.ErrorIs(t, err, ErrInvalidName)
		})
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		name     string
		fileName string
		want     string
	}{
		{name: "ASCII", fileName: "report.pdf", want: `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`},
		{name: "space", fileName: "a b.pdf", want: `attachment; filename="a b.pdf"; filename*=UTF-8''a%20b.pdf`},
		{name: "unicode", fileName: "résumé.pdf", want: `attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`},
		{name: "quote and backslash-free", fileName: `a"b.txt`, want: `attachment; filename="a_b.txt"; filename*=UTF-8''a%22b.txt`},
		{name: "percent", fileName: "50%.txt", want: `attachment; filename="50_.txt"; filename*=UTF-8''50%25.txt`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ContentDisposition(tt.fileName))
		})
	}
}

func TestMetadataRoundTrip(t *testing.T) {
	metadata := Metadata{
		Owner:        testOwner,
		Name:         "Zoë's plan + budget = 100%.pdf",
		DeclaredSize: 1234,
		SourceETag:   `"9b2cf535f27731c974343645a3985328"`,
		RejectCode:   RejectTypeMismatch,
		RejectReason: "the content does not match – the declared type",
	}

	userMetadata := metadata.UserMetadata()
	parsed, err := ParseMetadata(upperCaseKeys(userMetadata))

	require.NoError(t, err)
	for key, value := range userMetadata {
		for _, c := range []byte(value) {
			require.Less(t, c, byte(0x80), "metadata %s is not ASCII: %q", key, value)
		}
	}
	metadata.RejectReason = "the content does not match ??? the declared type"
	assert.Equal(t, metadata, parsed)
}

func upperCaseKeys(metadata map[string]string) map[string]string {
	upper := make(map[string]string, len(metadata))
	for key, value := range metadata {
		upper[strings.ToUpper(key)] = value
	}
	return upper
}

func TestParseMetadataInvalid(t *testing.T) {
	valid := Metadata{Owner: testOwner, Name: "a.txt", DeclaredSize: 3}.UserMetadata()
	tests := []struct {
		name   string
		mutate func(map[string]string)
	}{
		{name: "no owner", mutate: func(m map[string]string) { delete(m, MetaOwner) }},
		{name: "owner with slash", mutate: func(m map[string]string) { m[MetaOwner] = "a/b" }},
		{name: "no name", mutate: func(m map[string]string) { delete(m, MetaName) }},
		{name: "name not encoded", mutate: func(m map[string]string) { m[MetaName] = "a b" }},
		{name: "size not a number", mutate: func(m map[string]string) { m[MetaDeclaredSize] = "big" }},
		{name: "size zero", mutate: func(m map[string]string) { m[MetaDeclaredSize] = "0" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			metadata := map[string]string{}
			for key, value := range valid {
				metadata[key] = value
			}
			tt.mutate(metadata)

			_, err := ParseMetadata(metadata)

			assert.ErrorIs(t, err, ErrInvalidMetadata)
		})
	}
}

// peHeader returns the start of a minimal PE file: a DOS header whose e_lfanew points to "PE\0\0" at 0x80.
func peHeader() []byte {
	head := make([]byte, 0x100)
	copy(head, "MZ")
	binary.LittleEndian.PutUint32(head[0x3C:], 0x80)
	copy(head[0x80:], "PE\x00\x00")
	return head
}

func TestCheckContent(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name     string
		declared string
		head     []byte
		complete bool
		wantCode string
	}{
		{name: "PDF", declared: "application/pdf", head: pdf, complete: true},
		{name: "PNG", declared: "image/png", head: png, complete: true},
		{name: "JPEG", declared: "image/jpeg", head: []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), complete: true},
		{name: "GIF", declared: "image/gif", head: []byte("GIF89a\x01\x00"), complete: true},
		{name: "WebP", declared: "image/webp", head: []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), complete: true},
		{name: "text", declared: "text/plain", head: []byte("hello\r\nworld\t€\n"), complete: true},
		{name: "text with BOM", declared: "text/plain", head: []byte("\xef\xbb\xbfhello"), complete: true},
		{name: "text starting with MZ", declared: "text/plain", head: []byte("MZ is a code.\n"), complete: true},
		{name: "CSV", declared: "text/csv", head: []byte("a,b\n1,2\n"), complete: true},
		{name: "text cut inside a rune", declared: "text/plain", head: []byte("price: \xe2\x82"), complete: false},
		{name: "complete text ending inside a rune", declared: "text/plain", head: []byte("price: \xe2\x82"), complete: true, wantCode: RejectTypeMismatch},
		{name: "PNG declared as PDF", declared: "application/pdf", head: png, complete: true, wantCode: RejectTypeMismatch},
		{name: "PDF declared as PNG", declared: "image/png", head: pdf, complete: true, wantCode: RejectTypeMismatch},
		{name: "binary declared as text", declared: "text/plain", head: []byte("abc\x00def"), complete: true, wantCode: RejectTypeMismatch},
		{name: "terminal escape in text", declared: "text/plain", head: []byte("abc\x1b[2Jdef"), complete: true, wantCode: RejectTypeMismatch},
		{name: "invalid UTF-8 text", declared: "text/plain", head: []byte("abc\xffdef"), complete: true, wantCode: RejectTypeMismatch},
		{name: "PE declared as PDF", declared: "application/pdf", head: peHeader(), complete: false, wantCode: RejectExecutable},
		{name: "ELF declared as PNG", declared: "image/png", head: []byte("\x7fELF\x02\x01\x01"), complete: false, wantCode: RejectExecutable},
		{name: "Mach-O declared as JPEG", declared: "image/jpeg", head: []byte("\xcf\xfa\xed\xfe\x07"), complete: false, wantCode: RejectExecutable},
		{name: "script declared as text", declared: "text/plain", head: []byte("#!/bin/sh\nrm -rf /\n"), complete: true, wantCode: RejectExecutable},
		{name: "WebAssembly declared as text", declared: "text/plain", head: []byte("\x00asm\x01\x00\x00\x00"), complete: true, wantCode: RejectExecutable},
		{name: "unknown declared type", declared: "application/zip", head: []byte("PK\x03\x04"), complete: true, wantCode: RejectTypeNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rejection := CheckContent(tt.declared, tt.head, tt.complete)

			if tt.wantCode == "" {
				assert.Nil(t, rejection)
				return
			}
			require.NotNil(t, rejection)
			assert.Equal(t, tt.wantCode, rejection.Code)
			assert.NotEmpty(t, rejection.Reason)
		})
	}
}

func TestCheckAllowList(t *testing.T) {
	assert.NoError(t, CheckAllowList([]string{"image/png", "text/plain"}))
	assert.ErrorContains(t, CheckAllowList([]string{"image/png", "application/zip"}), `"application/zip" cannot be checked`)
	assert.ErrorContains(t, CheckAllowList(nil), "empty")
}

func TestNormalizeContentType(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		want    string
		wantErr bool
	}{
		{name: "plain", value: "image/png", want: "image/png"},
		{name: "upper case with parameter", value: "Text/Plain; charset=UTF-8", want: "text/plain"},
		{name: "garbage", value: "not a type", wantErr: true},
		{name: "empty", value: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeContentType(tt.value)

			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func FuzzValidateName(f *testing.F) {
	for _, seed := range []string{"report.pdf", "a b+c=d.txt", "../x", "a\x00b", "résumé.pdf", "x\u202eexe.pdf", strings.Repeat("a", 1025)} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, name string) {
		err := ValidateName(name)
		if err != nil {
			assert.True(t, errors.Is(err, ErrInvalidName))
			return
		}

		assert.True(t, utf8.ValidString(name))
		assert.LessOrEqual(t, len(name), MaxNameBytes)
		assert.NotContains(t, name, "/")
		decoded, err := DecodeName(EncodeName(name))
		require.NoError(t, err)
		assert.Equal(t, name, decoded)
		disposition := ContentDisposition(name)
		for _, c := range []byte(disposition) {
			assert.True(t, c >= 0x20 && c <= 0x7E, "Content-Disposition has byte %#x", c)
		}
	})
}

func FuzzLayoutParse(f *testing.F) {
	layout := DefaultLayout()
	for _, seed := range []string{
		layout.Key(AreaQuarantine, testOwner, testID),
		"files/../x/" + testID,
		"rejected/" + testOwner + "/" + testID + "/",
		"malware-protection-resource-validation-object",
	} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, key string) {
		ref, err := layout.Parse(key)
		if err != nil {
			assert.ErrorIs(t, err, ErrForeignKey)
			return
		}

		assert.Equal(t, key, ref.Key(layout), "a parsed key must map back to itself")
		assert.NoError(t, ValidateOwner(ref.Owner))
		assert.NoError(t, ValidateID(ref.ID))
	})
}

func FuzzCheckContent(f *testing.F) {
	f.Add("application/pdf", []byte("%PDF-1.4"))
	f.Add("text/plain", []byte("hello"))
	f.Add("image/png", peHeader())

	f.Fuzz(func(t *testing.T, declared string, head []byte) {
		rejection := CheckContent(declared, head, true)
		if rejection == nil {
			assert.Empty(t, ExecutableKind(head))
			assert.Contains(t, KnownContentTypes(), declared)
		}
	})
}
