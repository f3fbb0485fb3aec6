package program

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// Defaults of the stack settings. They match the defaults that Pulumi.yaml declares, so a program run
// without the project file (unit tests under mocks) reads the same values.
const (
	DefaultLogRetentionDays               = 90
	DefaultLambdaArchitecture             = "arm64"
	DefaultLambdaMemoryMB                 = 256
	DefaultLambdaTimeoutSeconds           = 10
	DefaultUserFilesNoncurrentVersionDays = 30
	DefaultKMSKeyDeletionWindowDays       = 30
)

// logRetentionPeriods are the only retention periods CloudWatch Logs accepts, in days.
var logRetentionPeriods = []int{
	1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
}

var lambdaArchitectures = []string{"arm64", "x86_64"}

// Config is the stack configuration the program reads, validated.
type Config struct {
	LogRetentionDays               int
	LambdaArchitecture             string
	LambdaMemoryMB                 int
	LambdaTimeoutSeconds           int
	UserFilesNoncurrentVersionDays int
	KMSKeyDeletionWindowDays       int
	ForceDestroy                   bool
}

// ConfigError is a stack setting with a value the program does not accept.
type ConfigError struct {
	Key      string // full key, e.g. "secure-serverless:logRetentionDays"
	Value    string
	Accepted string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("invalid stack setting %s=%s: accepted values are %s; "+
		"set another value in the stack's Pulumi.<stack>.yaml or with `pulumi config set %s VALUE`",
		e.Key, e.Value, e.Accepted, e.Key)
}

// LoadConfig reads every setting of the project namespace once and validates it. All invalid settings
// are reported together, so one run shows every fix to make.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	namespace := ctx.Project()
	cfg := config.New(ctx, "")
	var errs []error

	readInt := func(key string, fallback int) int {
		value, err := cfg.TryInt(key)
		if err == nil {
			return value
		}
		if text := cfg.Get(key); text != "" {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: text, Accepted: "a whole number"})
		}
		return fallback
	}
	c := Config{
		LogRetentionDays:               readInt("logRetentionDays", DefaultLogRetentionDays),
		LambdaArchitecture:             cfg.Get("lambdaArchitecture"),
		LambdaMemoryMB:                 readInt("lambdaMemoryMb", DefaultLambdaMemoryMB),
		LambdaTimeoutSeconds:           readInt("lambdaTimeoutSeconds", DefaultLambdaTimeoutSeconds),
		UserFilesNoncurrentVersionDays: readInt("userFilesNoncurrentVersionDays", DefaultUserFilesNoncurrentVersionDays),
		KMSKeyDeletionWindowDays:       readInt("kmsKeyDeletionWindowDays", DefaultKMSKeyDeletionWindowDays),
	}
	if c.LambdaArchitecture == "" {
		c.LambdaArchitecture = DefaultLambdaArchitecture
	}
	if text := cfg.Get("forceDestroy"); text != "" {
		value, err := strconv.ParseBool(text)
		if err != nil {
			errs = append(errs, &ConfigError{Key: namespace + ":forceDestroy", Value: text, Accepted: "true or false"})
		}
		c.ForceDestroy = value
	}

	errs = append(errs, c.validate(namespace)...)
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return c, nil
}

func (c Config) validate(namespace string) []error {
	var errs []error
	check := func(ok bool, key string, value any, accepted string) {
		if !ok {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: fmt.Sprint(value), Accepted: accepted})
		}
	}
	check(slices.Contains(logRetentionPeriods, c.LogRetentionDays), "logRetentionDays", c.LogRetentionDays,
		joinInts(logRetentionPeriods))
	check(slices.Contains(lambdaArchitectures, c.LambdaArchitecture), "lambdaArchitecture", c.LambdaArchitecture,
		strings.Join(lambdaArchitectures, ", "))
	check(c.LambdaMemoryMB >= 128 && c.LambdaMemoryMB <= 10240, "lambdaMemoryMb", c.LambdaMemoryMB,
		"128 to 10240")
	check(c.LambdaTimeoutSeconds >= 1 && c.LambdaTimeoutSeconds <= 29, "lambdaTimeoutSeconds", c.LambdaTimeoutSeconds,
		"1 to 29")
	check(c.UserFilesNoncurrentVersionDays >= 1 && c.UserFilesNoncurrentVersionDays <= 3650,
		"userFilesNoncurrentVersionDays", c.UserFilesNoncurrentVersionDays, "1 to 3650")
	check(c.KMSKeyDeletionWindowDays >= 7 && c.KMSKeyDeletionWindowDays <= 30, "kmsKeyDeletionWindowDays",
		c.KMSKeyDeletionWindowDays, "7 to 30")
	return errs
}

func joinInts(values []int) string {
	texts := make([]string, len(values))
	for i, v := range values {
		texts[i] = strconv.Itoa(v)
	}
	return strings.Join(texts, ", ")
}
