package fakeaws

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"
)

// autonameRandomLength is the number of hex characters the aws provider appends to an autonamed resource.
const autonameRandomLength = 7

// autonameRule describes how the aws provider names a resource whose physical name input is absent.
type autonameRule struct {
	// property is the input that contains the physical name, for example "bucket" or "name".
	property string
	// prefixProperty is the input that requests a name generated from that prefix ("" when the type has
	// none). When it is set, the provider does not autoname and AWS generates the name at creation.
	prefixProperty string
	// maxLength is the maximum length of the name that AWS accepts.
	maxLength int
	// lowercase is true for types whose names must be lowercase, such as S3 buckets.
	lowercase bool
	// fifoSuffix is true for SQS queues and SNS topics, whose FIFO variants need the ".fifo" suffix.
	fifoSuffix bool
}

// deriveHex returns n hex characters derived from the parts, so the same parts always give the same string.
func deriveHex(n int, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	encoded := hex.EncodeToString(sum[:])
	for len(encoded) < n {
		sum = sha256.Sum256(sum[:])
		encoded += hex.EncodeToString(sum[:])
	}
	return encoded[:n]
}

// deriveDigits returns n decimal digits derived from the parts.
func deriveDigits(n int, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i == len(sum) {
			sum = sha256.Sum256(sum[:])
			i = 0
		}
		b.WriteByte('0' + sum[i]%10)
	}
	return b.String()
}

// deriveUpper returns n characters of [A-Z2-7] derived from the parts. They fit the alphabet of IAM unique
// ids, [A-Z0-9].
func deriveUpper(n int, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	encoded := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])
	return encoded[:n]
}

// deriveUUID returns a UUID-shaped string (8-4-4-4-12 hex digits) derived from the parts, the form of KMS key ids.
func deriveUUID(parts ...string) string {
	h := deriveHex(32, parts...)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

// autoname returns the physical name the provider gives a resource: the logical name, a dash and 7 hex
// characters derived from the URN. The logical name is cut so the result fits rule.maxLength.
func autoname(rule autonameRule, urn, logicalName string, fifo bool) string {
	prefix := logicalName
	if rule.lowercase {
		prefix = strings.ToLower(prefix)
	}
	suffix := ""
	if rule.fifoSuffix && fifo {
		suffix = ".fifo"
	}
	if limit := rule.maxLength - autonameRandomLength - 1 - len(suffix); rule.maxLength > 0 && len(prefix) > limit {
		prefix = prefix[:max(limit, 0)]
	}
	return prefix + "-" + deriveHex(autonameRandomLength, urn) + suffix
}

// generatedName returns the name AWS gets for a name prefix: the prefix followed by 26 digits that start
// with a creation timestamp. Terraform generates 26 characters that start with a timestamp, too.
func generatedName(prefix string, parts ...string) string {
	return prefix + fixedTimestampDigits + deriveDigits(26-len(fixedTimestampDigits), parts...)
}
