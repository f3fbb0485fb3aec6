package report

import (
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strings"
)

// SARIF constants. SARIFSchemaURI is the schema location that the OASIS SARIF 2.1.0 standard
// (errata 01) gives.
const (
	SARIFVersion   = "2.1.0"
	SARIFSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// ToolName is the name of the tool.driver: the engine's policy checks, whatever the packs.
	ToolName = "Pulumi CrossGuard"
	// DefaultProjectFile is the file that every result points at when SARIFOptions.ProjectFile is
	// empty: the Pulumi project file at the repository root.
	DefaultProjectFile = "Pulumi.yaml"
	// FingerprintKey is the partialFingerprints key of a result.
	//
	// GitHub code scanning matches a result to an existing alert by the primaryLocationLineHash
	// fingerprint together with the file path and the rule, and computes that hash from the line's
	// text when a result lacks it. Every result here points at line 1 of the project file, so the
	// computed hash would merge the violations of one policy on different resources into one alert.
	// The report's fingerprint, a hash of the pack, the policy and the resource URN, keeps them apart.
	FingerprintKey = "primaryLocationLineHash"
)

// SARIFOptions adjust the SARIF output. The zero value is ready to use.
type SARIFOptions struct {
	// ProjectFile is the path of the Pulumi project file relative to the repository root, with
	// forward slashes. Every result points at its first line, because code-scanning uploads need a
	// file location and a policy violation has none. Empty means DefaultProjectFile.
	ProjectFile string
	// Category is the run's automationDetails.id category, which keeps the alerts of different stacks
	// apart when several SARIF files are uploaded for one commit. Empty means
	// "pulumi-policy/<project>/<stack>", or no automationDetails when the log names no stack.
	Category string
}

// Validate checks the options and returns an error that names the invalid value and the fix.
func (o SARIFOptions) Validate() error {
	_, err := projectFileURI(o.ProjectFile)
	return err
}

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run. Every policy seen becomes a rule of
// tool.driver whose id is the policy name, or "<pack>/<policy>" when two packs have a policy of that
// name. Every violation becomes a result, and its level maps mandatory to "error", advisory to
// "warning" and disabled to "note". A violation that an exception matched carries an accepted external
// suppression with the exception's id and reason.
func (r *Report) WriteSARIF(w io.Writer, opts SARIFOptions) error {
	projectFile, err := projectFileURI(opts.ProjectFile)
	if err != nil {
		return err
	}

	rules, ruleIndex := r.sarifRules()
	results := make([]sarifResult, 0, len(r.Violations))
	for _, v := range r.Violations {
		results = append(results, sarifResultOf(v, rules, ruleIndex, projectFile))
	}

	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:       ToolName,
			Rules:      rules,
			Properties: sarifDriverProperties{PolicyPacks: r.PolicyPacks},
		}},
		Invocations: []sarifInvocation{r.sarifInvocation()},
		Results:     results,
		Properties: sarifRunProperties{
			Verdict:         r.Verdict,
			Operation:       r.Operation.Kind,
			OperationResult: r.Operation.Result,
			Stack:           r.Operation.Stack,
			Project:         r.Operation.Project,
			Counts:          r.Counts,
		},
	}
	category := opts.Category
	if category == "" && r.Operation.Stack != "" {
		category = "pulumi-policy/" + r.Operation.Project + "/" + r.Operation.Stack
	}
	if category != "" {
		// The part of the id after the last slash names one run of the category; it is left empty.
		run.AutomationDetails = &sarifAutomationDetails{ID: strings.TrimSuffix(category, "/") + "/"}
	}

	log := sarifLog{Schema: SARIFSchemaURI, Version: SARIFVersion, Runs: []sarifRun{run}}
	return writeIndentedJSON(w, log)
}

// projectFileURI checks the project file path and returns it as a relative URI reference.
func projectFileURI(file string) (string, error) {
	if file == "" {
		file = DefaultProjectFile
	}
	slashed := filepath.ToSlash(file)
	if path.IsAbs(slashed) || filepath.IsAbs(file) {
		return "", fmt.Errorf("invalid project file %q: pass the path of Pulumi.yaml relative to the repository root, such as %q",
			file, DefaultProjectFile)
	}
	cleaned := path.Clean(slashed)
	if cleaned == ".." || strings.HasPrefix(cleaned, "../") {
		return "", fmt.Errorf("invalid project file %q: it is outside the repository root; pass a path inside it, such as %q",
			file, DefaultProjectFile)
	}
	return (&url.URL{Path: cleaned}).String(), nil
}

// sarifRules returns the rules in the report's policy order and the index of each rule by pack and
// policy name.
func (r *Report) sarifRules() ([]sarifRule, map[policyKey]int) {
	packsByPolicy := map[string]map[string]bool{}
	for _, p := range r.Policies {
		if packsByPolicy[p.Name] == nil {
			packsByPolicy[p.Name] = map[string]bool{}
		}
		packsByPolicy[p.Name][p.PolicyPack] = true
	}

	rules := make([]sarifRule, 0, len(r.Policies))
	index := map[policyKey]int{}
	for _, p := range r.Policies {
		id := p.Name
		if len(packsByPolicy[p.Name]) > 1 {
			id = p.PolicyPack + "/" + p.Name
		}
		description := p.Description
		if description == "" {
			description = p.Name
		}
		rule := sarifRule{
			ID:               id,
			ShortDescription: sarifMessage{Text: description},
			Properties: sarifRuleProperties{
				PolicyPack:        p.PolicyPack,
				PolicyPackVersion: p.PolicyPackVersion,
			},
		}
		if p.EnforcementLevel != "" {
			rule.DefaultConfiguration = &sarifConfiguration{Level: sarifLevel(p.EnforcementLevel)}
		}
		if score, ok := securitySeverity[p.Severity]; ok {
			rule.Properties.Tags = []string{"security"}
			rule.Properties.SecuritySeverity = score
		}
		index[policyKey{pack: p.PolicyPack, name: p.Name}] = len(rules)
		rules = append(rules, rule)
	}
	return rules, index
}

// securitySeverity maps a policy severity to the security-severity score that GitHub code scanning
// reads from a rule tagged "security". GitHub's SARIF documentation ranks scores above 9.0 as
// critical, 7.0 to 8.9 as high, 4.0 to 6.9 as medium and 0.1 to 3.9 as low. Each score here lies in
// its band.
var securitySeverity = map[string]string{
	"critical": "9.5",
	"high":     "8.0",
	"medium":   "5.5",
	"low":      "3.0",
}

// sarifLevel maps an enforcement level to a SARIF result level.
func sarifLevel(level string) string {
	switch normalizeLevel(level) {
	case LevelMandatory:
		return "error"
	case LevelDisabled:
		return "note"
	default:
		return "warning"
	}
}

func sarifResultOf(v Violation, rules []sarifRule, ruleIndex map[policyKey]int, projectFile string) sarifResult {
	index := ruleIndex[policyKey{pack: v.PolicyPack, name: v.Policy}]
	result := sarifResult{
		RuleID:    rules[index].ID,
		RuleIndex: index,
		Level:     sarifLevel(v.EnforcementLevel),
		Message:   sarifMessage{Text: v.Message},
		Locations: []sarifLocation{{
			PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: projectFile, URIBaseID: "%SRCROOT%"},
				Region:           sarifRegion{StartLine: 1},
			},
		}},
		PartialFingerprints: map[string]string{FingerprintKey: v.Fingerprint},
		Properties: sarifResultProperties{
			EnforcementLevel:  v.EnforcementLevel,
			Severity:          v.Severity,
			Blocking:          v.Blocking,
			PolicyPack:        v.PolicyPack,
			PolicyPackVersion: v.PolicyPackVersion,
			ResourceType:      v.ResourceType,
			ResourceName:      v.ResourceName,
		},
	}
	if v.Message == "" {
		// SARIF requires message text; the engine always sends one, but a hand-edited log may not.
		result.Message.Text = fmt.Sprintf("Policy %s reported a violation.", v.Policy)
	}
	if v.ResourceURN != "" {
		result.Locations[0].LogicalLocations = []sarifLogicalLocation{{
			Name:               v.ResourceName,
			FullyQualifiedName: v.ResourceURN,
			Kind:               "resource",
		}}
	}
	for _, e := range v.Exceptions {
		result.Suppressions = append(result.Suppressions, sarifSuppression{
			Kind:          "external",
			Status:        "accepted",
			Justification: fmt.Sprintf("policy exception %s: %s", e.ID, e.Reason),
		})
	}
	return result
}

// sarifInvocation reports the execution as successful when the log is complete and the operation
// succeeded, or failed with a blocking violation, which is the policy check doing its work. A failed
// operation carries the engine's error messages as notifications.
// NOTE: an operation that failed both on a blocking violation and on a provider error counts as
// successful, because the log does not tie "preview failed" to one cause.
func (r *Report) sarifInvocation() sarifInvocation {
	result := r.Operation.Result
	successful := r.EventLog.Complete &&
		(result == "succeeded" || result == "" || (result == "failed" && r.Counts.Blocking > 0))
	invocation := sarifInvocation{
		ExecutionSuccessful: successful,
		StartTimeUTC:        r.Operation.StartTime,
		EndTimeUTC:          r.Operation.EndTime,
	}
	if !successful {
		for _, message := range r.EngineErrors {
			invocation.ToolExecutionNotifications = append(invocation.ToolExecutionNotifications,
				sarifNotification{Level: "error", Message: sarifMessage{Text: message}})
		}
		if !r.EventLog.Complete {
			invocation.ToolExecutionNotifications = append(invocation.ToolExecutionNotifications,
				sarifNotification{Level: "error", Message: sarifMessage{
					Text: "The event log ends before the operation's summary event, so some resources may not have been checked.",
				}})
		}
	}
	return invocation
}

// The SARIF 2.1.0 objects that WriteSARIF writes, with only the properties it sets.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool               `json:"tool"`
	AutomationDetails *sarifAutomationDetails `json:"automationDetails,omitempty"`
	Invocations       []sarifInvocation       `json:"invocations"`
	Results           []sarifResult           `json:"results"`
	Properties        sarifRunProperties      `json:"properties"`
}

type sarifRunProperties struct {
	Verdict         Verdict `json:"verdict"`
	Operation       string  `json:"operation"`
	OperationResult string  `json:"operationResult"`
	Stack           string  `json:"stack"`
	Project         string  `json:"project"`
	Counts          Counts  `json:"counts"`
}

type sarifAutomationDetails struct {
	ID string `json:"id"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name       string                `json:"name"`
	Rules      []sarifRule           `json:"rules"`
	Properties sarifDriverProperties `json:"properties"`
}

type sarifDriverProperties struct {
	PolicyPacks []Pack `json:"policyPacks"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	ShortDescription     sarifMessage        `json:"shortDescription"`
	DefaultConfiguration *sarifConfiguration `json:"defaultConfiguration,omitempty"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	PolicyPack        string   `json:"policyPack"`
	PolicyPackVersion string   `json:"policyPackVersion"`
	Tags              []string `json:"tags,omitempty"`
	SecuritySeverity  string   `json:"security-severity,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	StartTimeUTC               string              `json:"startTimeUtc,omitempty"`
	EndTimeUTC                 string              `json:"endTimeUtc,omitempty"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID              string                `json:"ruleId"`
	RuleIndex           int                   `json:"ruleIndex"`
	Level               string                `json:"level"`
	Message             sarifMessage          `json:"message"`
	Locations           []sarifLocation       `json:"locations"`
	PartialFingerprints map[string]string     `json:"partialFingerprints"`
	Suppressions        []sarifSuppression    `json:"suppressions,omitempty"`
	Properties          sarifResultProperties `json:"properties"`
}

type sarifResultProperties struct {
	EnforcementLevel  string `json:"enforcementLevel"`
	Severity          string `json:"severity,omitempty"`
	Blocking          bool   `json:"blocking"`
	PolicyPack        string `json:"policyPack"`
	PolicyPackVersion string `json:"policyPackVersion"`
	ResourceType      string `json:"resourceType,omitempty"`
	ResourceName      string `json:"resourceName,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation  `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}
