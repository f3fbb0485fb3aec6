package program

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/secureserverless/framework/infra"
)

// Defaults of the API and web ACL settings.
const (
	DefaultAPIStageName          = infra.DefaultAPIStageName
	DefaultAPIEndpointType       = infra.APIEndpointRegional
	DefaultAPIThrottleRateLimit  = infra.DefaultAPIThrottleRateLimit
	DefaultAPIThrottleBurstLimit = infra.DefaultAPIThrottleBurstLimit
	DefaultAPIClientRateLimit    = 10
	DefaultAPIClientBurstLimit   = 20
	DefaultAPIClientQuota        = 10000
	DefaultAPIClientQuotaPeriod  = infra.QuotaPeriodDay
	DefaultWAFRateLimit          = infra.DefaultFirewallRateLimit
	DefaultWAFRateWindowSeconds  = infra.DefaultFirewallRateWindowSeconds
	DefaultWAFMaxBodyBytes       = infra.DefaultFirewallMaxBodyBytes
)

const (
	// apiClientsUsagePlanName names the usage plan of the clients in apiClients.
	apiClientsUsagePlanName = "machine-clients"
	// developmentStackPrefix starts the names of the stacks that may log full requests.
	developmentStackPrefix = "dev"
	// maxAPIThrottleRateLimit and maxAPIThrottleBurstLimit are API Gateway's default account quotas
	// per region.
	maxAPIThrottleRateLimit  = 10000
	maxAPIThrottleBurstLimit = 5000
	maxAPIClientQuota        = 1_000_000_000
	minWAFMaxBodyBytes       = 1
)

var (
	apiEndpointTypes = []string{infra.APIEndpointRegional, infra.APIEndpointPrivate}
	apiStageName     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)
	apiVpcEndpointID = regexp.MustCompile(`^vpce-[0-9a-f]{8,17}$`)
	apiClientName    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	wafRuleGroupName = regexp.MustCompile(`^AWSManagedRules[0-9A-Za-z]+$`)
)

// validateAPI checks the settings of the REST API and its web ACL.
func (c Config) validateAPI(namespace, stack string) []error {
	var errs []error
	check := func(ok bool, key string, value any, accepted string) {
		if !ok {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: fmt.Sprint(value), Accepted: accepted})
		}
	}
	check(apiStageName.MatchString(c.APIStageName), "apiStageName", c.APIStageName, "1 to 128 letters, digits, hyphens and underscores, such as v1")
	check(slices.Contains(apiEndpointTypes, c.APIEndpointType), "apiEndpointType", c.APIEndpointType,
		infra.APIEndpointRegional+", or "+infra.APIEndpointPrivate+" with apiVpcEndpointIds")
	if c.APIEndpointType == infra.APIEndpointPrivate {
		check(len(c.APIVpcEndpointIds) > 0, "apiVpcEndpointIds", "[]",
			"at least one execute-api VPC endpoint id while apiEndpointType is PRIVATE, because a private API "+
				"admits only the endpoints its resource policy names")
	} else {
		check(len(c.APIVpcEndpointIds) == 0, "apiVpcEndpointIds", strings.Join(c.APIVpcEndpointIds, ","),
			"an empty list while apiEndpointType is REGIONAL; set apiEndpointType to PRIVATE to use them")
	}
	for _, id := range c.APIVpcEndpointIds {
		check(apiVpcEndpointID.MatchString(id), "apiVpcEndpointIds", id, "VPC endpoint ids such as vpce-0123456789abcdef0")
	}
	for _, origin := range c.APICorsOrigins {
		check(infra.ValidateCorsOrigin(origin) == nil, "apiCorsOrigins", origin,
			"origins such as https://app.example.com, in lowercase, without wildcard, path or trailing slash "+
				"(http only for localhost)")
	}
	check(c.APIThrottleRateLimit >= 1 && c.APIThrottleRateLimit <= maxAPIThrottleRateLimit,
		"apiThrottleRateLimit", c.APIThrottleRateLimit,
		fmt.Sprintf("1 to %d requests per second", maxAPIThrottleRateLimit))
	check(c.APIThrottleBurstLimit >= 1 && c.APIThrottleBurstLimit <= maxAPIThrottleBurstLimit,
		"apiThrottleBurstLimit", c.APIThrottleBurstLimit, fmt.Sprintf("1 to %d requests", maxAPIThrottleBurstLimit))
	for _, client := range c.APIClients {
		check(apiClientName.MatchString(client), "apiClients", client, "client names of 1 to 64 letters, digits, hyphens and underscores")
	}
	check(!c.APIRequireAPIKey || len(c.APIClients) > 0, "apiRequireApiKey", c.APIRequireAPIKey,
		"false while apiClients is empty, because no caller would have a key")
	check(c.APIClientRateLimit >= 1 && c.APIClientRateLimit <= c.APIThrottleRateLimit, "apiClientRateLimit",
		c.APIClientRateLimit, "1 to apiThrottleRateLimit requests per second")
	check(c.APIClientBurstLimit >= 1 && c.APIClientBurstLimit <= c.APIThrottleBurstLimit, "apiClientBurstLimit",
		c.APIClientBurstLimit, "1 to apiThrottleBurstLimit requests")
	check(c.APIClientQuota >= 1 && c.APIClientQuota <= maxAPIClientQuota, "apiClientQuota", c.APIClientQuota,
		fmt.Sprintf("1 to %d requests per period", maxAPIClientQuota))
	check(slices.Contains(infra.QuotaPeriods, c.APIClientQuotaPeriod), "apiClientQuotaPeriod",
		c.APIClientQuotaPeriod, strings.Join(infra.QuotaPeriods, ", "))
	check(!c.APIDataTrace || strings.HasPrefix(stack, developmentStackPrefix), "apiDataTrace", c.APIDataTrace,
		fmt.Sprintf("false on stack %q, because full request and response logging writes tokens and personal "+
			"data to the execution logs; only stacks whose name starts with %q may set it", stack,
			developmentStackPrefix))

	check(c.WAFRateLimit >= infra.MinFirewallRateLimit && c.WAFRateLimit <= infra.MaxFirewallRateLimit,
		"wafRateLimit", c.WAFRateLimit,
		fmt.Sprintf("%d to %d requests per window from one address", infra.MinFirewallRateLimit,
			infra.MaxFirewallRateLimit))
	check(slices.Contains(infra.FirewallRateWindowsSeconds, c.WAFRateWindowSeconds), "wafRateWindowSeconds",
		c.WAFRateWindowSeconds, joinInts(infra.FirewallRateWindowsSeconds))
	check(c.WAFMaxBodyBytes >= minWAFMaxBodyBytes && c.WAFMaxBodyBytes <= infra.MaxFirewallBodyBytes,
		"wafMaxBodyBytes", c.WAFMaxBodyBytes,
		fmt.Sprintf("%d to %d bytes, the largest body WAF inspects for API Gateway", minWAFMaxBodyBytes,
			infra.MaxFirewallBodyBytes))
	for _, group := range c.WAFManagedRuleGroups {
		check(wafRuleGroupName.MatchString(group) && !slices.Contains(infra.DefaultFirewallRuleGroups, group),
			"wafManagedRuleGroups", group, "names of AWS managed rule groups such as AWSManagedRulesSQLiRuleSet"+", other than the defaults "+
				strings.Join(infra.DefaultFirewallRuleGroups, ", ")+", which are always on")
	}
	return errs
}

// apiArgs returns the arguments of the REST API. NamePrefix, UserPoolArn, Routes and LogsKeyArn are set
// by the platform.
func (c Config) apiArgs() infra.RestAPIArgs {
	args := infra.RestAPIArgs{
		StageName:          c.APIStageName,
		EndpointType:       c.APIEndpointType,
		VpcEndpointIds:     c.APIVpcEndpointIds,
		Cors:               infra.APICorsArgs{AllowedOrigins: c.APICorsOrigins},
		ThrottleRateLimit:  float64(c.APIThrottleRateLimit),
		ThrottleBurstLimit: c.APIThrottleBurstLimit,
		LogRetentionDays:   c.LogRetentionDays,
		DataTrace:          c.APIDataTrace,
	}
	if len(c.APIClients) > 0 {
		args.UsagePlans = []infra.APIUsagePlan{{
			Name:        apiClientsUsagePlanName,
			RateLimit:   float64(c.APIClientRateLimit),
			BurstLimit:  c.APIClientBurstLimit,
			QuotaLimit:  c.APIClientQuota,
			QuotaPeriod: c.APIClientQuotaPeriod,
			Clients:     c.APIClients,
		}}
	}
	return args
}

// firewallArgs returns the arguments of the API's web ACL. NamePrefix, StageArn, LogsKeyArn and the CORS
// origin are set by the platform.
func (c Config) firewallArgs() infra.APIFirewallArgs {
	return infra.APIFirewallArgs{
		ManagedRuleGroups: c.WAFManagedRuleGroups,
		RateLimit:         c.WAFRateLimit,
		RateWindowSeconds: c.WAFRateWindowSeconds,
		MaxBodyBytes:      c.WAFMaxBodyBytes,
		LogRetentionDays:  c.LogRetentionDays,
	}
}
