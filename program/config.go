package program

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
	"github.com/secureserverless/framework/internal/stackconfig"
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
	DefaultVpcCidrBlock                   = infra.DefaultVpcCidrBlock
	DefaultVpcAvailabilityZones           = infra.DefaultAvailabilityZoneCount
	DefaultNatGateways                    = infra.DefaultNatGateways
	DefaultFlowLogRetentionDays           = infra.DefaultFlowLogRetentionDays
	DefaultUserFilesEncryption            = infra.EncryptionKMS
	DefaultUserFilesObjectLockMode        = objectLockNone
	DefaultAccessLogRetentionDays         = infra.DefaultAccessLogRetentionDays
	DefaultAuthPasswordMinimumLength      = infra.DefaultPasswordMinimumLength
	DefaultAuthTemporaryPasswordDays      = infra.DefaultTemporaryPasswordValidityDays
	DefaultAuthMfa                        = infra.DefaultMFA
	DefaultAuthFeaturePlan                = infra.DefaultFeaturePlan
	DefaultAuthThreatProtection           = threatProtectionAuto
	DefaultAuthAccessTokenMinutes         = infra.DefaultAccessTokenMinutes
	DefaultAuthIDTokenMinutes             = infra.DefaultIDTokenMinutes
	DefaultAuthRefreshTokenHours          = infra.DefaultRefreshTokenHours
)

// objectLockNone is the userFilesObjectLockMode value that turns Object Lock off.
const objectLockNone = "none"

// infrequentAccessMinimumDays is the fewest days S3 allows before a transition to STANDARD_IA.
const infrequentAccessMinimumDays = 30

var (
	lambdaArchitectures  = []string{"arm64", "x86_64"}
	userFilesEncryptions = []string{infra.EncryptionKMS, infra.EncryptionAES256}
	objectLockModes      = []string{objectLockNone, infra.ObjectLockGovernance, infra.ObjectLockCompliance}
)

// Config is the stack configuration the program reads, validated.
type Config struct {
	LogRetentionDays               int
	LambdaArchitecture             string
	LambdaMemoryMB                 int
	LambdaTimeoutSeconds           int
	UserFilesNoncurrentVersionDays int
	KMSKeyDeletionWindowDays       int
	ForceDestroy                   bool

	VpcCidrBlock         string
	VpcAvailabilityZones int
	NatGateways          string
	FlowLogRetentionDays int

	UserFilesEncryption           string
	UserFilesCorsOrigins          []string
	UserFilesMalwareScanning      bool
	UserFilesObjectLockMode       string
	UserFilesObjectLockDays       int
	UserFilesInfrequentAccessDays int
	AccessLogRetentionDays        int
	ProtectData                   bool

	AuthPasswordMinimumLength    int
	AuthTemporaryPasswordDays    int
	AuthMfa                      string
	AuthFeaturePlan              string
	AuthThreatProtection         string
	AuthSelfSignUp               bool
	AuthGroups                   []string
	AuthCallbackUrls             []string
	AuthLogoutUrls               []string
	AuthAccessTokenMinutes       int
	AuthIDTokenMinutes           int
	AuthRefreshTokenHours        int
	AuthResourceServerIdentifier string
	AuthResourceServerScopes     []string
	AuthDomainPrefix             string

	APIStageName          string
	APIEndpointType       string
	APIVpcEndpointIds     []string
	APICorsOrigins        []string
	APIThrottleRateLimit  int
	APIThrottleBurstLimit int
	APIClients            []string
	APIRequireAPIKey      bool
	APIClientRateLimit    int
	APIClientBurstLimit   int
	APIClientQuota        int
	APIClientQuotaPeriod  string
	APIDataTrace          bool

	WAFRateLimit         int
	WAFRateWindowSeconds int
	WAFMaxBodyBytes      int
	WAFManagedRuleGroups []string

	EdgeEnabled        bool
	EdgeDomainName     string
	EdgeHostedZoneID   string
	EdgeCertificateArn string
	EdgePriceClass     string
	EdgeRotationDays   int
	EdgeRateLimit      int
	// EdgeWAFPropagationSeconds is how long a rotation of the origin secret waits for WAF.
	EdgeWAFPropagationSeconds int

	AlertEmails              []string
	AlertHTTPSURLs           []string
	AlarmThresholds          map[string]float64
	AuditTrailEnabled        bool
	AuditBucketRetentionDays int
	BackupEnabled            bool
	BackupRetentionDays      int
}

// ConfigError is a stack setting with a value the program does not accept.
type ConfigError = stackconfig.Error

// LoadConfig reads every setting of the project namespace once and validates it. All invalid settings
// are reported together, so one run shows every fix to make.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	return readConfig(stackconfig.NewReader(ctx), ctx.Stack())
}

// LoadInputs reads and validates the inputs of a component that mirror the stack settings, such as
// the Platform of the component package. inputs holds the set inputs by setting name; an absent one
// takes the setting's default. Errors name the input of the component of type token component. stack
// is the stack the component is deployed in, which decides whether apiDataTrace is allowed.
func LoadInputs(component, stack string, inputs stackconfig.InputSource) (Config, error) {
	return readConfig(stackconfig.NewInputReader(component, inputs), stack)
}

// readConfig reads every setting from reader and validates it.
func readConfig(reader *stackconfig.Reader, stack string) (Config, error) {
	namespace := reader.Namespace()
	readInt, readBool, readString := reader.Int, reader.Bool, reader.String
	readStrings, readNumbers := reader.Strings, reader.Numbers

	c := Config{
		LogRetentionDays:               readInt("logRetentionDays", DefaultLogRetentionDays),
		LambdaArchitecture:             readString("lambdaArchitecture", DefaultLambdaArchitecture),
		LambdaMemoryMB:                 readInt("lambdaMemoryMb", DefaultLambdaMemoryMB),
		LambdaTimeoutSeconds:           readInt("lambdaTimeoutSeconds", DefaultLambdaTimeoutSeconds),
		UserFilesNoncurrentVersionDays: readInt("userFilesNoncurrentVersionDays", DefaultUserFilesNoncurrentVersionDays),
		KMSKeyDeletionWindowDays:       readInt("kmsKeyDeletionWindowDays", DefaultKMSKeyDeletionWindowDays),
		ForceDestroy:                   readBool("forceDestroy", false),

		VpcCidrBlock:         readString("vpcCidrBlock", DefaultVpcCidrBlock),
		VpcAvailabilityZones: readInt("vpcAvailabilityZones", DefaultVpcAvailabilityZones),
		NatGateways:          readString("natGateways", DefaultNatGateways),
		FlowLogRetentionDays: readInt("flowLogRetentionDays", DefaultFlowLogRetentionDays),

		UserFilesEncryption:           readString("userFilesEncryption", DefaultUserFilesEncryption),
		UserFilesCorsOrigins:          readStrings("userFilesCorsOrigins"),
		UserFilesMalwareScanning:      readBool("userFilesMalwareScanning", true),
		UserFilesObjectLockMode:       readString("userFilesObjectLockMode", DefaultUserFilesObjectLockMode),
		UserFilesObjectLockDays:       readInt("userFilesObjectLockDays", 0),
		UserFilesInfrequentAccessDays: readInt("userFilesInfrequentAccessDays", 0),
		AccessLogRetentionDays:        readInt("accessLogRetentionDays", DefaultAccessLogRetentionDays),
		ProtectData:                   readBool("protectData", false),

		AuthPasswordMinimumLength:    readInt("authPasswordMinimumLength", DefaultAuthPasswordMinimumLength),
		AuthTemporaryPasswordDays:    readInt("authTemporaryPasswordDays", DefaultAuthTemporaryPasswordDays),
		AuthMfa:                      readString("authMfa", DefaultAuthMfa),
		AuthFeaturePlan:              readString("authFeaturePlan", DefaultAuthFeaturePlan),
		AuthThreatProtection:         readString("authThreatProtection", DefaultAuthThreatProtection),
		AuthSelfSignUp:               readBool("authSelfSignUp", false),
		AuthGroups:                   readStrings("authGroups"),
		AuthCallbackUrls:             readStrings("authCallbackUrls"),
		AuthLogoutUrls:               readStrings("authLogoutUrls"),
		AuthAccessTokenMinutes:       readInt("authAccessTokenMinutes", DefaultAuthAccessTokenMinutes),
		AuthIDTokenMinutes:           readInt("authIdTokenMinutes", DefaultAuthIDTokenMinutes),
		AuthRefreshTokenHours:        readInt("authRefreshTokenHours", DefaultAuthRefreshTokenHours),
		AuthResourceServerIdentifier: readString("authResourceServerIdentifier", ""),
		AuthResourceServerScopes:     readStrings("authResourceServerScopes"),
		AuthDomainPrefix:             readString("authDomainPrefix", ""),

		APIStageName:          readString("apiStageName", DefaultAPIStageName),
		APIEndpointType:       readString("apiEndpointType", DefaultAPIEndpointType),
		APIVpcEndpointIds:     readStrings("apiVpcEndpointIds"),
		APICorsOrigins:        readStrings("apiCorsOrigins"),
		APIThrottleRateLimit:  readInt("apiThrottleRateLimit", DefaultAPIThrottleRateLimit),
		APIThrottleBurstLimit: readInt("apiThrottleBurstLimit", DefaultAPIThrottleBurstLimit),
		APIClients:            readStrings("apiClients"),
		APIRequireAPIKey:      readBool("apiRequireApiKey", false),
		APIClientRateLimit:    readInt("apiClientRateLimit", DefaultAPIClientRateLimit),
		APIClientBurstLimit:   readInt("apiClientBurstLimit", DefaultAPIClientBurstLimit),
		APIClientQuota:        readInt("apiClientQuota", DefaultAPIClientQuota),
		APIClientQuotaPeriod:  readString("apiClientQuotaPeriod", DefaultAPIClientQuotaPeriod),
		APIDataTrace:          readBool("apiDataTrace", false),

		WAFRateLimit:         readInt("wafRateLimit", DefaultWAFRateLimit),
		WAFRateWindowSeconds: readInt("wafRateWindowSeconds", DefaultWAFRateWindowSeconds),
		WAFMaxBodyBytes:      readInt("wafMaxBodyBytes", DefaultWAFMaxBodyBytes),
		WAFManagedRuleGroups: readStrings("wafManagedRuleGroups"),

		EdgeEnabled:               readBool("edgeEnabled", true),
		EdgeDomainName:            readString("edgeDomainName", ""),
		EdgeHostedZoneID:          readString("edgeHostedZoneId", ""),
		EdgeCertificateArn:        readString("edgeCertificateArn", ""),
		EdgePriceClass:            readString("edgePriceClass", DefaultEdgePriceClass),
		EdgeRotationDays:          readInt("edgeRotationDays", DefaultEdgeRotationDays),
		EdgeRateLimit:             readInt("edgeRateLimit", DefaultEdgeRateLimit),
		EdgeWAFPropagationSeconds: readInt("edgeWafPropagationSeconds", DefaultEdgeWAFPropagationSeconds),

		AlertEmails:              readStrings("alertEmails"),
		AlertHTTPSURLs:           readStrings("alertHttpsUrls"),
		AlarmThresholds:          readNumbers("alarmThresholds"),
		AuditTrailEnabled:        readBool("auditTrailEnabled", true),
		AuditBucketRetentionDays: readInt("auditBucketRetentionDays", DefaultAuditBucketRetentionDays),
		BackupEnabled:            readBool("backupEnabled", false),
		BackupRetentionDays:      readInt("backupRetentionDays", DefaultBackupRetentionDays),
	}

	errs := append(reader.Errors(), c.validate(namespace)...)
	errs = append(errs, c.validateAPI(namespace, stack)...)
	errs = append(errs, c.validateEdge(namespace)...)
	errs = append(errs, c.validateMonitoring(namespace)...)
	errs = append(errs, c.validateUnique(namespace)...)
	lists := c.lists()
	for _, err := range errs {
		var configErr *ConfigError
		if errors.As(err, &configErr) {
			_, configErr.List = lists[strings.TrimPrefix(configErr.Key, namespace+":")]
			configErr.Component = reader.Component()
		}
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return c, nil
}

// validateUnique rejects a list setting that names one entry twice, which the components would reject
// only after part of the platform is registered.
func (c Config) validateUnique(namespace string) []error {
	lists := c.lists()
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(lists)) {
		seen := map[string]bool{}
		for i, value := range lists[key] {
			if seen[value] {
				reported := value
				if key == "alertHttpsUrls" {
					// The URL may carry a token, so the message names its position instead of the value.
					reported = fmt.Sprintf("entry %d", i+1)
				}
				errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: reported,
					Accepted: "a list that names each entry once; remove the repeated entry"})
			}
			seen[value] = true
		}
	}
	return errs
}

// lists returns the settings whose values are lists, by key. Their errors name the entry at fault.
func (c Config) lists() map[string][]string {
	return map[string][]string{
		"userFilesCorsOrigins":     c.UserFilesCorsOrigins,
		"authGroups":               c.AuthGroups,
		"authCallbackUrls":         c.AuthCallbackUrls,
		"authLogoutUrls":           c.AuthLogoutUrls,
		"authResourceServerScopes": c.AuthResourceServerScopes,
		"apiVpcEndpointIds":        c.APIVpcEndpointIds,
		"apiCorsOrigins":           c.APICorsOrigins,
		"apiClients":               c.APIClients,
		"wafManagedRuleGroups":     c.WAFManagedRuleGroups,
		"alertEmails":              c.AlertEmails,
		"alertHttpsUrls":           c.AlertHTTPSURLs,
	}
}

func (c Config) validate(namespace string) []error {
	var errs []error
	check := func(ok bool, key string, value any, accepted string) {
		if !ok {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: fmt.Sprint(value), Accepted: accepted})
		}
	}
	retentionPeriods := joinInts(infra.CloudWatchRetentionDays)
	check(slices.Contains(infra.CloudWatchRetentionDays, c.LogRetentionDays), "logRetentionDays", c.LogRetentionDays,
		retentionPeriods)
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

	check(infra.ValidateVpcCidrBlock(c.VpcCidrBlock) == nil, "vpcCidrBlock", c.VpcCidrBlock,
		fmt.Sprintf("a private IPv4 network address from /%d to /%d, such as %s",
			infra.MinVpcPrefixLength, infra.MaxVpcPrefixLength, DefaultVpcCidrBlock))
	check(c.VpcAvailabilityZones >= infra.MinAvailabilityZoneCount && c.VpcAvailabilityZones <= infra.MaxAvailabilityZoneCount,
		"vpcAvailabilityZones", c.VpcAvailabilityZones,
		fmt.Sprintf("%d to %d", infra.MinAvailabilityZoneCount, infra.MaxAvailabilityZoneCount))
	check(slices.Contains(infra.NatGatewayModes, c.NatGateways), "natGateways", c.NatGateways,
		strings.Join(infra.NatGatewayModes, ", "))
	check(slices.Contains(infra.CloudWatchRetentionDays, c.FlowLogRetentionDays), "flowLogRetentionDays",
		c.FlowLogRetentionDays, retentionPeriods)

	check(slices.Contains(userFilesEncryptions, c.UserFilesEncryption), "userFilesEncryption", c.UserFilesEncryption,
		strings.Join(userFilesEncryptions, ", "))
	for _, origin := range c.UserFilesCorsOrigins {
		check(infra.ValidateCorsOrigin(origin) == nil, "userFilesCorsOrigins", origin,
			"origins such as https://app.example.com, in lowercase, without wildcard, path or trailing slash "+
				"(http only for localhost)")
	}
	check(slices.Contains(objectLockModes, c.UserFilesObjectLockMode), "userFilesObjectLockMode",
		c.UserFilesObjectLockMode, strings.Join(objectLockModes, ", "))
	if c.UserFilesObjectLockMode == objectLockNone {
		check(c.UserFilesObjectLockDays == 0, "userFilesObjectLockDays", c.UserFilesObjectLockDays,
			"0 while userFilesObjectLockMode is none")
	} else {
		check(c.UserFilesObjectLockDays >= 1 && c.UserFilesObjectLockDays <= 36500, "userFilesObjectLockDays",
			c.UserFilesObjectLockDays, "1 to 36500 with an Object Lock mode")
	}
	check(c.UserFilesInfrequentAccessDays == 0 || c.UserFilesInfrequentAccessDays >= infrequentAccessMinimumDays,
		"userFilesInfrequentAccessDays", c.UserFilesInfrequentAccessDays,
		fmt.Sprintf("0 (no transition) or at least %d", infrequentAccessMinimumDays))
	check(c.AccessLogRetentionDays >= 1 && c.AccessLogRetentionDays <= 3650, "accessLogRetentionDays",
		c.AccessLogRetentionDays, "1 to 3650")
	check(!(c.ForceDestroy && c.ProtectData), "protectData", c.ProtectData,
		"false while forceDestroy is true, because protected data cannot be destroyed")
	return append(errs, c.validateAuth(namespace)...)
}

// userFilesArgs returns the arguments of the user-files bucket.
func (c Config) userFilesArgs() infra.UserFilesBucketArgs {
	args := infra.UserFilesBucketArgs{
		Encryption:               c.UserFilesEncryption,
		NoncurrentVersionDays:    c.UserFilesNoncurrentVersionDays,
		KMSKeyDeletionWindowDays: c.KMSKeyDeletionWindowDays,
		CorsOrigins:              c.UserFilesCorsOrigins,
		DisableMalwareScanning:   !c.UserFilesMalwareScanning,
		AccessLogs:               infra.AccessLogBucketArgs{RetentionDays: c.AccessLogRetentionDays},
		ForceDestroy:             c.ForceDestroy,
		Protect:                  c.ProtectData,
	}
	if c.UserFilesObjectLockMode != objectLockNone {
		args.ObjectLockMode = c.UserFilesObjectLockMode
		args.ObjectLockDays = c.UserFilesObjectLockDays
	}
	if c.UserFilesInfrequentAccessDays > 0 {
		args.Transitions = []infra.StorageTransition{
			{Days: c.UserFilesInfrequentAccessDays, StorageClass: "STANDARD_IA"},
		}
	}
	return args
}

// networkArgs returns the arguments of the network.
func (c Config) networkArgs() infra.NetworkArgs {
	return infra.NetworkArgs{
		CidrBlock:                c.VpcCidrBlock,
		AvailabilityZoneCount:    c.VpcAvailabilityZones,
		NatGateways:              c.NatGateways,
		FlowLogRetentionDays:     c.FlowLogRetentionDays,
		KMSKeyDeletionWindowDays: c.KMSKeyDeletionWindowDays,
		Protect:                  c.ProtectData,
	}
}

func joinInts(values []int) string {
	texts := make([]string, len(values))
	for i, v := range values {
		texts[i] = strconv.Itoa(v)
	}
	return strings.Join(texts, ", ")
}
