package fileapi

import (
	"fmt"
	"strings"
	"time"

	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/files"
)

// Environment variables of the file API functions. Each function reads only those it uses.
const (
	EnvBucket              = "USER_FILES_BUCKET"
	EnvBucketRegion        = "USER_FILES_BUCKET_REGION"
	EnvRegion              = "AWS_REGION"
	EnvQuarantinePrefix    = "QUARANTINE_PREFIX"
	EnvFilesPrefix         = "FILES_PREFIX"
	EnvRejectedPrefix      = "REJECTED_PREFIX"
	EnvAdminGroup          = "ADMIN_GROUP"
	EnvMaxRequestBytes     = "MAX_REQUEST_BYTES"
	EnvAllowedTypes        = "UPLOAD_ALLOWED_TYPES"
	EnvMaxUploadBytes      = "UPLOAD_MAX_BYTES"
	EnvUploadExpiry        = "UPLOAD_URL_EXPIRY"
	EnvMaxUploadExpiry     = "UPLOAD_URL_MAX_EXPIRY"
	EnvDownloadExpiry      = "DOWNLOAD_URL_EXPIRY"
	EnvMaxDownloadExpiry   = "DOWNLOAD_URL_MAX_EXPIRY"
	maxRequestBytesAllowed = 1 << 20
)

// LoadSettings reads the settings shared by all handlers: USER_FILES_BUCKET (required), the three prefixes,
// ADMIN_GROUP and MAX_REQUEST_BYTES. Problems are recorded in env.
func LoadSettings(env *config.Env) Settings {
	settings := Settings{
		Bucket: env.Required(EnvBucket),
		Layout: files.Layout{
			QuarantinePrefix: env.KeyPrefix(EnvQuarantinePrefix, files.DefaultQuarantinePrefix),
			FilesPrefix:      env.KeyPrefix(EnvFilesPrefix, files.DefaultFilesPrefix),
			RejectedPrefix:   env.KeyPrefix(EnvRejectedPrefix, files.DefaultRejectedPrefix),
		},
		AdminGroup:      env.String(EnvAdminGroup, DefaultAdminGroup),
		MaxRequestBytes: env.Int(EnvMaxRequestBytes, 16<<10, 1<<10, maxRequestBytesAllowed),
	}
	if err := settings.Layout.Validate(); err != nil {
		env.Invalid(EnvQuarantinePrefix, fmt.Sprintf("and the other prefixes must not overlap: %v", err))
	}
	return settings
}

// LoadBucketRegion reads USER_FILES_BUCKET_REGION, or AWS_REGION when it is unset: the region that presigned
// URLs are signed for.
func LoadBucketRegion(env *config.Env) string {
	region := env.String(EnvBucketRegion, env.String(EnvRegion, ""))
	if region == "" {
		env.Invalid(EnvBucketRegion, "is required when AWS_REGION is not set")
	}
	return region
}

// ExpiryLimits are the default and the maximum expiry of presigned URLs of one kind.
type ExpiryLimits struct {
	Default time.Duration
	Max     time.Duration
}

// UploadConfig configures the upload signer.
type UploadConfig struct {
	Settings
	// AllowedTypes are the content types uploads may declare, each one that files.CheckContent can verify.
	AllowedTypes []string
	// MaxUploadBytes is the largest size an upload may declare.
	MaxUploadBytes int64
	// Expiry bounds the lifetime of upload forms.
	Expiry ExpiryLimits
}

// LoadUploadConfig reads the configuration of the upload signer: the settings of LoadSettings,
// UPLOAD_ALLOWED_TYPES, UPLOAD_MAX_BYTES, UPLOAD_URL_EXPIRY and UPLOAD_URL_MAX_EXPIRY.
func LoadUploadConfig(env *config.Env) UploadConfig {
	cfg := UploadConfig{
		Settings:       LoadSettings(env),
		AllowedTypes:   LoadAllowedTypes(env),
		MaxUploadBytes: env.Int(EnvMaxUploadBytes, DefaultMaxUploadBytes, 1, MaxUploadBytesLimit),
		Expiry:         loadExpiry(env, EnvUploadExpiry, EnvMaxUploadExpiry, DefaultUploadExpiry, DefaultMaxUploadExpiry),
	}
	return cfg
}

// LoadAllowedTypes reads UPLOAD_ALLOWED_TYPES, which may name only types that files.CheckContent can verify.
func LoadAllowedTypes(env *config.Env) []string {
	types := env.List(EnvAllowedTypes, DefaultAllowedTypes)
	for i, contentType := range types {
		types[i] = strings.ToLower(contentType)
	}
	if err := files.CheckAllowList(types); err != nil {
		env.Invalid(EnvAllowedTypes, err.Error())
		return DefaultAllowedTypes
	}
	return types
}

// ReadConfig configures the file reader and eraser.
type ReadConfig struct {
	Settings
	// Expiry bounds the lifetime of download URLs.
	Expiry ExpiryLimits
}

// LoadReadConfig reads the configuration of the file reader and eraser: the settings of LoadSettings,
// DOWNLOAD_URL_EXPIRY and DOWNLOAD_URL_MAX_EXPIRY.
func LoadReadConfig(env *config.Env) ReadConfig {
	return ReadConfig{
		Settings: LoadSettings(env),
		Expiry:   loadExpiry(env, EnvDownloadExpiry, EnvMaxDownloadExpiry, DefaultDownloadExpiry, DefaultMaxDownloadExpiry),
	}
}

func loadExpiry(env *config.Env, defaultName, maxName string, defaultExpiry, maxExpiry time.Duration) ExpiryLimits {
	limits := ExpiryLimits{
		Default: env.Duration(defaultName, defaultExpiry, time.Second, MaxExpiryLimit),
		Max:     env.Duration(maxName, maxExpiry, time.Second, MaxExpiryLimit),
	}
	if limits.Default > limits.Max {
		env.Invalid(defaultName, fmt.Sprintf("(%s) must not be longer than %s (%s)", limits.Default, maxName, limits.Max))
	}
	return limits
}
