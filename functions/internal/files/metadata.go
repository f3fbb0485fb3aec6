package files

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Keys of the S3 user metadata of a file object (sent as x-amz-meta-<key>). S3 returns user metadata keys in
// lower case, so the keys are lower case.
const (
	// MetaOwner is the subject of the user who uploaded the file.
	MetaOwner = "owner"
	// MetaName is the file name the user declared, encoded with EncodeName because metadata must be ASCII.
	MetaName = "original-name"
	// MetaDeclaredSize is the size in bytes the user declared for the upload.
	MetaDeclaredSize = "declared-size"
	// MetaSourceETag is the ETag of the quarantined upload that a promoted or rejected object was copied from.
	// A retried event compares it to skip a copy that already happened.
	MetaSourceETag = "source-etag"
	// MetaRejectCode is the stable code of the rejection reason, one of the Reject constants.
	MetaRejectCode = "reject-code"
	// MetaRejectReason is the rejection reason for admins, in ASCII.
	MetaRejectReason = "reject-reason"
)

// ErrInvalidMetadata means the metadata of an object does not describe a file of the API.
var ErrInvalidMetadata = errors.New("invalid file metadata")

// Metadata is the API's record of a file besides its bytes. It is stored in the user metadata of the object,
// so that no database is needed.
type Metadata struct {
	Owner        string
	Name         string
	DeclaredSize int64
	// SourceETag is set on promoted and rejected objects.
	SourceETag string
	// RejectCode and RejectReason are set on rejected objects.
	RejectCode   string
	RejectReason string
}

// UserMetadata returns m as S3 user metadata, without the x-amz-meta- prefix. Empty fields are left out.
func (m Metadata) UserMetadata() map[string]string {
	metadata := map[string]string{
		MetaOwner:        m.Owner,
		MetaName:         EncodeName(m.Name),
		MetaDeclaredSize: strconv.FormatInt(m.DeclaredSize, 10),
	}
	if m.SourceETag != "" {
		metadata[MetaSourceETag] = m.SourceETag
	}
	if m.RejectCode != "" {
		metadata[MetaRejectCode] = m.RejectCode
		metadata[MetaRejectReason] = asciiOnly(m.RejectReason)
	}
	return metadata
}

// ParseMetadata reads the metadata of a file object from S3 user metadata, whose keys it matches without regard
// to case. Owner, name and declared size are required.
func ParseMetadata(userMetadata map[string]string) (Metadata, error) {
	lookup := func(key string) string {
		for name, value := range userMetadata {
			if strings.EqualFold(name, key) {
				return value
			}
		}
		return ""
	}

	owner := lookup(MetaOwner)
	if err := ValidateOwner(owner); err != nil {
		return Metadata{}, fmt.Errorf("%w: %s: %w", ErrInvalidMetadata, MetaOwner, err)
	}
	name, err := DecodeName(lookup(MetaName))
	if err != nil {
		return Metadata{}, fmt.Errorf("%w: %s: %w", ErrInvalidMetadata, MetaName, err)
	}
	size, err := strconv.ParseInt(lookup(MetaDeclaredSize), 10, 64)
	if err != nil || size < 1 {
		return Metadata{}, fmt.Errorf("%w: %s %q is not a positive integer", ErrInvalidMetadata, MetaDeclaredSize,
			lookup(MetaDeclaredSize))
	}

	metadata := Metadata{
		Owner:        owner,
		Name:         name,
		DeclaredSize: size,
		SourceETag:   lookup(MetaSourceETag),
		RejectCode:   lookup(MetaRejectCode),
		RejectReason: lookup(MetaRejectReason),
	}
	return metadata, nil
}

// asciiOnly replaces every byte outside printable ASCII with "?", because S3 user metadata must be ASCII.
func asciiOnly(text string) string {
	ascii := []byte(text)
	for i, c := range ascii {
		if c < 0x20 || c > 0x7E {
			ascii[i] = '?'
		}
	}
	return string(ascii)
}
