package files

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxNameBytes is the longest file name accepted, in bytes of UTF-8. It is the limit of common file systems
// (ext4, APFS, NTFS count 255 bytes or UTF-16 units), so a downloaded file can be saved under its name.
const MaxNameBytes = 255

// maxOwnerLength bounds a user pool subject. Cognito subjects are UUIDs of 36 characters.
const maxOwnerLength = 128

// ErrInvalidName means a file name was rejected. The wrapping error gives the reason.
var ErrInvalidName = errors.New("invalid file name")

// ErrInvalidID means a string is not a file id.
var ErrInvalidID = errors.New("invalid file id")

// ErrInvalidOwner means a string is not a user pool subject that can be part of a key.
var ErrInvalidOwner = errors.New("invalid owner")

// NewID returns a random version 4 UUID read from random, in the canonical lower-case form. Pass
// crypto/rand.Reader in production; tests pass a fixed reader.
func NewID(random io.Reader) (string, error) {
	id, err := uuid.NewRandomFromReader(random)
	if err != nil {
		return "", fmt.Errorf("generating file id: %w", err)
	}
	return id.String(), nil
}

// ValidateID checks that id is a UUID in the canonical lower-case form that NewID returns. Other spellings of
// the same UUID are rejected, so that one file has one key.
func ValidateID(id string) error {
	parsed, err := uuid.Parse(id)
	if err != nil || parsed.String() != id {
		return fmt.Errorf("%w: %q is not a lower-case UUID such as 3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d", ErrInvalidID, id)
	}
	return nil
}

// ValidateOwner checks that owner, a user pool subject, can be a key segment: 1 to 128 letters, digits, "-"
// and "_". Cognito subjects are UUIDs, which pass.
func ValidateOwner(owner string) error {
	if owner == "" || len(owner) > maxOwnerLength {
		return fmt.Errorf("%w: %q must be 1 to %d characters long", ErrInvalidOwner, owner, maxOwnerLength)
	}
	for _, r := range owner {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("%w: %q may contain only letters, digits, \"-\" and \"_\"", ErrInvalidOwner, owner)
		}
	}
	return nil
}

// ValidateName checks a file name that a user declares for an upload. The name is stored in metadata and
// returned in Content-Disposition, never used in a key, but it must still be safe to save. It must be valid
// UTF-8 of 1 to MaxNameBytes bytes, not "." or "..", without "/" or "\" and without control characters. It
// must not contain bidirectional formatting characters either, which can make "exe.pdf" display as
// "fdp.exe". Spaces, "+", "=", quotes and other Unicode letters and symbols are kept as they are.
func ValidateName(name string) error {
	switch {
	case !utf8.ValidString(name):
		return fmt.Errorf("%w: the name is not valid UTF-8", ErrInvalidName)
	case len(name) == 0:
		return fmt.Errorf("%w: the name is empty", ErrInvalidName)
	case len(name) > MaxNameBytes:
		return fmt.Errorf("%w: the name is %d bytes long, more than the limit of %d bytes", ErrInvalidName, len(name), MaxNameBytes)
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("%w: the name contains only white space", ErrInvalidName)
	case name == "." || name == "..":
		return fmt.Errorf("%w: %q is not a file name", ErrInvalidName, name)
	case strings.ContainsAny(name, `/\`):
		return fmt.Errorf("%w: the name contains a path separator; send the file name without folders", ErrInvalidName)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w: the name contains the control character %U", ErrInvalidName, r)
		}
		if isBidiControl(r) {
			return fmt.Errorf("%w: the name contains the bidirectional formatting character %U", ErrInvalidName, r)
		}
	}
	return nil
}

// isBidiControl reports whether r is one of the characters that Unicode UAX #9 defines to change the display
// order of text: the embeddings, overrides and isolates and the implicit marks.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r == 0x200E || r == 0x200F || r == 0x061C: // LRM, RLM, ALM
		return true
	default:
		return false
	}
}

// EncodeName percent-encodes name as the value of an RFC 8187 (formerly RFC 5987) extended parameter: every
// byte of its UTF-8 form outside attr-char becomes %XX with upper-case hex digits. The result is ASCII, so it
// also fits S3 user metadata, which must be ASCII.
func EncodeName(name string) string {
	const hexDigits = "0123456789ABCDEF"
	var builder strings.Builder
	builder.Grow(len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isAttrChar(c) {
			builder.WriteByte(c)
			continue
		}
		builder.WriteByte('%')
		builder.WriteByte(hexDigits[c>>4])
		builder.WriteByte(hexDigits[c&0x0F])
	}
	return builder.String()
}

// DecodeName reverses EncodeName and checks the result with ValidateName.
func DecodeName(encoded string) (string, error) {
	decoded := make([]byte, 0, len(encoded))
	for i := 0; i < len(encoded); i++ {
		c := encoded[i]
		if c != '%' {
			if !isAttrChar(c) {
				return "", fmt.Errorf("%w: encoded name contains the byte %q outside attr-char", ErrInvalidName, c)
			}
			decoded = append(decoded, c)
			continue
		}
		if i+2 >= len(encoded) {
			return "", fmt.Errorf("%w: encoded name ends inside a percent escape", ErrInvalidName)
		}
		high, okHigh := unhex(encoded[i+1])
		low, okLow := unhex(encoded[i+2])
		if !okHigh || !okLow {
			return "", fmt.Errorf("%w: encoded name has an invalid percent escape at byte %d", ErrInvalidName, i)
		}
		decoded = append(decoded, high<<4|low)
		i += 2
	}
	name := string(decoded)
	if err := ValidateName(name); err != nil {
		return "", err
	}
	return name, nil
}

// ContentDisposition returns the Content-Disposition value that makes a browser save the file under name. It
// holds "attachment" and a quoted ASCII fallback for old clients, in which every other character becomes "_".
// The exact name follows in the RFC 8187 filename* parameter, which current browsers prefer.
func ContentDisposition(name string) string {
	fallback := make([]byte, 0, len(name))
	for _, r := range name {
		if r < 0x20 || r > 0x7E || r == '"' || r == '\\' || r == '%' {
			fallback = append(fallback, '_')
			continue
		}
		fallback = append(fallback, byte(r))
	}
	return `attachment; filename="` + string(fallback) + `"; filename*=UTF-8''` + EncodeName(name)
}

// isAttrChar reports whether c is an attr-char of RFC 8187: ALPHA, DIGIT and "!#$&+-.^_`|~".
func isAttrChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	default:
		return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
	}
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	default:
		return 0, false
	}
}
