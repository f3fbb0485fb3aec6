// Package offlinelogs holds the tests of the policy reports on event logs that the real Pulumi engine
// writes through the offline run (offline/run): the dev stack, which passes, and the public-bucket-acl
// variant, which a mandatory policy stops. It has no code of its own. The first run of its tests
// builds the Pulumi CLI unless one is on PATH, which takes minutes.
package offlinelogs
