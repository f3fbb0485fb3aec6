package main

import "testing"

func TestSumCountsSkipsRefresh(t *testing.T) {
	cases := map[string]int{
		"  aws:s3/bucketV2:BucketV2                                               create 3":                     3,
		"  aws:apigateway/integration:Integration                                 refresh 15, same 15":          15,
		"  aws:lambda/function:Function                                           same 4, update 2":             6,
		"  aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 create 3": 3,
	}
	for line, want := range cases {
		if got := sumCounts(line); got != want {
			t.Errorf("sumCounts(%q) = %d, want %d", line, got, want)
		}
	}
}
