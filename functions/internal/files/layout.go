// Package files defines how the file API stores user files in S3. It holds the key layout, the file ids and
// the validation of file names. It also holds the object metadata that replaces a database and the content
// checks that decide whether an upload is what it claims to be.
//
// Every object key is <prefix><owner sub>/<id>, where the prefix names the stage of the file: uploads land
// under the quarantine prefix, files that passed validation (and the malware scan, when it is on) live under
// the files prefix, and rejected uploads are kept under the rejected prefix with the reason. The key never
// contains the name the user gave the file, so no name can reach another prefix or owner.
package files

import (
	"errors"
	"fmt"
	"strings"
)

// Default key prefixes of the three stages.
const (
	DefaultQuarantinePrefix = "quarantine/"
	DefaultFilesPrefix      = "files/"
	DefaultRejectedPrefix   = "rejected/"
)

// Area is the stage of a file, which its key prefix names.
type Area string

// The areas of the layout.
const (
	// AreaQuarantine holds uploads that are not validated yet. Only the validation function reads them.
	AreaQuarantine Area = "quarantine"
	// AreaFiles holds validated files, the only ones that the API hands out.
	AreaFiles Area = "files"
	// AreaRejected holds uploads that failed validation or the malware scan. Only admins see their metadata.
	AreaRejected Area = "rejected"
)

// ErrForeignKey means an object key does not belong to the layout, such as the object that GuardDuty writes
// to test its access to the bucket.
var ErrForeignKey = errors.New("object key is not a file key of this layout")

// Layout is the set of key prefixes of the user-files bucket.
type Layout struct {
	QuarantinePrefix string
	FilesPrefix      string
	RejectedPrefix   string
}

// DefaultLayout returns the layout with the default prefixes.
func DefaultLayout() Layout {
	return Layout{
		QuarantinePrefix: DefaultQuarantinePrefix,
		FilesPrefix:      DefaultFilesPrefix,
		RejectedPrefix:   DefaultRejectedPrefix,
	}
}

// Validate checks that the three prefixes are set and that none of them contains another, because a key
// under two prefixes would have two stages.
func (l Layout) Validate() error {
	prefixes := map[Area]string{
		AreaQuarantine: l.QuarantinePrefix,
		AreaFiles:      l.FilesPrefix,
		AreaRejected:   l.RejectedPrefix,
	}
	for area, prefix := range prefixes {
		if prefix == "" || !strings.HasSuffix(prefix, "/") {
			return fmt.Errorf("prefix of the %s area %q must be set and end with \"/\"", area, prefix)
		}
		for other, otherPrefix := range prefixes {
			if other != area && strings.HasPrefix(otherPrefix, prefix) {
				return fmt.Errorf("prefix of the %s area %q contains the prefix of the %s area %q",
					area, prefix, other, otherPrefix)
			}
		}
	}
	return nil
}

// Prefix returns the key prefix of area.
func (l Layout) Prefix(area Area) string {
	switch area {
	case AreaQuarantine:
		return l.QuarantinePrefix
	case AreaFiles:
		return l.FilesPrefix
	case AreaRejected:
		return l.RejectedPrefix
	default:
		panic(fmt.Sprintf("files: unknown area %q", area))
	}
}

// OwnerPrefix returns the prefix of every key of owner in area, ending with "/".
func (l Layout) OwnerPrefix(area Area, owner string) string {
	return l.Prefix(area) + owner + "/"
}

// Key returns the object key of the file id of owner in area. Callers validate owner and id first.
func (l Layout) Key(area Area, owner, id string) string {
	return l.OwnerPrefix(area, owner) + id
}

// Ref identifies a file by its area, owner and id.
type Ref struct {
	Area  Area
	Owner string
	ID    string
}

// Key returns the object key of ref in layout l.
func (r Ref) Key(l Layout) string {
	return l.Key(r.Area, r.Owner, r.ID)
}

// Parse returns the file that key names. It returns an error wrapping ErrForeignKey when key is not under one
// of the prefixes or does not have the form <prefix><owner>/<id> with a valid owner and id.
func (l Layout) Parse(key string) (Ref, error) {
	for _, area := range []Area{AreaQuarantine, AreaFiles, AreaRejected} {
		rest, ok := strings.CutPrefix(key, l.Prefix(area))
		if !ok {
			continue
		}
		owner, id, ok := strings.Cut(rest, "/")
		if !ok {
			return Ref{}, fmt.Errorf("%w: key %q has no owner and id", ErrForeignKey, key)
		}
		if err := ValidateOwner(owner); err != nil {
			return Ref{}, fmt.Errorf("%w: key %q: %w", ErrForeignKey, key, err)
		}
		if err := ValidateID(id); err != nil {
			return Ref{}, fmt.Errorf("%w: key %q: %w", ErrForeignKey, key, err)
		}
		return Ref{Area: area, Owner: owner, ID: id}, nil
	}
	return Ref{}, fmt.Errorf("%w: key %q is under none of the prefixes", ErrForeignKey, key)
}
