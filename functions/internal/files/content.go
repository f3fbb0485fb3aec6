package files

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"mime"
	"slices"
	"strings"
	"unicode/utf8"
)

// SniffBytes is how many bytes from the start of an upload the content check reads. Every signature below is
// within the first 12 bytes; the rest lets the text check and the PE header check see more of the file.
const SniffBytes = 4096

// Codes of the reasons an upload is rejected. They are stored with the rejected object and returned to
// admins, and are stable.
const (
	RejectEmpty          = "empty"
	RejectTooLarge       = "too_large"
	RejectTypeNotAllowed = "type_not_allowed"
	RejectTypeMismatch   = "type_mismatch"
	RejectExecutable     = "executable"
	RejectMalware        = "malware"
	RejectScanFailed     = "scan_failed"
	RejectInvalidUpload  = "invalid_upload"
)

// Rejection is the reason an upload failed validation.
type Rejection struct {
	// Code is one of the Reject constants.
	Code string
	// Reason is a sentence for admins. It never contains file content.
	Reason string
}

func (r *Rejection) Error() string {
	return fmt.Sprintf("upload rejected (%s): %s", r.Code, r.Reason)
}

// Reject returns a Rejection with code and a reason built from format and args.
func Reject(code, format string, args ...any) *Rejection {
	return &Rejection{Code: code, Reason: fmt.Sprintf(format, args...)}
}

// contentCheck reports whether head, the first bytes of a file, can start a file of one content type.
// complete is true when head is the whole file.
type contentCheck func(head []byte, complete bool) bool

// contentChecks are the content types that uploads may declare, each with its signature from the format's
// specification. An allow-list can name only these types, because an upload of any other type could not be
// checked.
var contentChecks = map[string]contentCheck{
	"image/png":       prefixCheck("\x89PNG\r\n\x1a\n"),
	"image/jpeg":      prefixCheck("\xff\xd8\xff"),
	"image/gif":       anyPrefixCheck("GIF87a", "GIF89a"),
	"image/webp":      isWebP,
	"application/pdf": prefixCheck("%PDF-"),
	"text/plain":      isText,
	"text/csv":        isText,
}

// KnownContentTypes returns the content types that CheckContent can verify, sorted.
func KnownContentTypes() []string {
	types := make([]string, 0, len(contentChecks))
	for contentType := range contentChecks {
		types = append(types, contentType)
	}
	slices.Sort(types)
	return types
}

// NormalizeContentType returns the media type of a Content-Type value in lower case without parameters, such
// as "text/plain" for "Text/Plain; charset=utf-8", or an error when value does not parse.
func NormalizeContentType(value string) (string, error) {
	mediaType, _, err := mime.ParseMediaType(value)
	if err != nil {
		return "", fmt.Errorf("parsing content type %q: %w", value, err)
	}
	return mediaType, nil
}

// CheckContent checks head, the first bytes of an upload (at most SniffBytes, all of it when complete is true),
// against the declared content type. It rejects executables whatever the declared type, and content whose
// signature does not match the declared type.
func CheckContent(declared string, head []byte, complete bool) *Rejection {
	if kind := ExecutableKind(head); kind != "" {
		return Reject(RejectExecutable, "the content is %s, declared as %s", kind, declared)
	}
	check, ok := contentChecks[declared]
	if !ok {
		return Reject(RejectTypeNotAllowed, "the content type %s cannot be checked", declared)
	}
	if !check(head, complete) {
		return Reject(RejectTypeMismatch, "the content does not match the declared type %s", declared)
	}
	return nil
}

// ExecutableKind returns the kind of executable that head starts, such as "a Windows PE executable", or "" for
// other content. It recognises PE (with its "PE\0\0" header where the DOS header points), ELF, Mach-O and
// universal binaries (whose magic Java class files share), WebAssembly modules and scripts that start with "#!".
func ExecutableKind(head []byte) string {
	switch {
	case isPE(head):
		return "a Windows PE executable"
	case bytes.HasPrefix(head, []byte("\x7fELF")):
		return "an ELF executable"
	case hasAnyPrefix(head, "\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe"):
		return "a Mach-O executable"
	case bytes.HasPrefix(head, []byte("\xca\xfe\xba\xbe")):
		return "a Mach-O universal binary or Java class file"
	case bytes.HasPrefix(head, []byte("\x00asm")):
		return "a WebAssembly module"
	case bytes.HasPrefix(head, []byte("#!")):
		return "a script with an interpreter line"
	default:
		return ""
	}
}

// isPE reports whether head starts with a DOS header whose e_lfanew field (offset 0x3C) points to the
// "PE\0\0" signature inside head. A text file that merely starts with "MZ" is not a PE file.
func isPE(head []byte) bool {
	if len(head) < 0x40 || !bytes.HasPrefix(head, []byte("MZ")) {
		return false
	}
	offset := int64(binary.LittleEndian.Uint32(head[0x3C:0x40]))
	return offset+4 <= int64(len(head)) && bytes.Equal(head[offset:offset+4], []byte("PE\x00\x00"))
}

func prefixCheck(signature string) contentCheck {
	return func(head []byte, _ bool) bool {
		return bytes.HasPrefix(head, []byte(signature))
	}
}

func anyPrefixCheck(signatures ...string) contentCheck {
	return func(head []byte, _ bool) bool {
		return hasAnyPrefix(head, signatures...)
	}
}

func hasAnyPrefix(head []byte, signatures ...string) bool {
	for _, signature := range signatures {
		if bytes.HasPrefix(head, []byte(signature)) {
			return true
		}
	}
	return false
}

// isWebP checks the RIFF container header with the WEBP form type at offset 8.
func isWebP(head []byte, _ bool) bool {
	return len(head) >= 12 && bytes.HasPrefix(head, []byte("RIFF")) && string(head[8:12]) == "WEBP"
}

// isText reports whether head is UTF-8 text: valid UTF-8 (a rune cut off at the end of an incomplete head is
// allowed) without NUL, escape or other control characters except tab, line feed, form feed and carriage
// return. A UTF-8 byte order mark is allowed.
func isText(head []byte, complete bool) bool {
	text := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		if r == utf8.RuneError && size <= 1 {
			return !complete && !utf8.FullRune(text)
		}
		if isDisallowedTextControl(r) {
			return false
		}
		text = text[size:]
	}
	return true
}

func isDisallowedTextControl(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\f' || r == '\r':
		return false
	case r < 0x20 || r == 0x7F:
		return true
	case r >= 0x80 && r <= 0x9F:
		return true
	default:
		return false
	}
}

// describeTypes returns types as a readable list for messages.
func describeTypes(types []string) string {
	return strings.Join(types, ", ")
}

// CheckAllowList checks that every type of an allow-list is a known content type, so that every upload it admits
// can be checked.
func CheckAllowList(types []string) error {
	if len(types) == 0 {
		return fmt.Errorf("allow-list of content types is empty; name at least one of %s", describeTypes(KnownContentTypes()))
	}
	for _, contentType := range types {
		if _, ok := contentChecks[contentType]; !ok {
			return fmt.Errorf("content type %q cannot be checked; use only %s", contentType, describeTypes(KnownContentTypes()))
		}
	}
	return nil
}
