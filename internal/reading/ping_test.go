package reading

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
)

// A provider test sends the tiny prompt (not a reading) and reports the
// answer, or the error with its status code and without the key.
func TestPing(t *testing.T) {
	const key = "sk-ant-ping-test-key-abcdef"
	oa := fakeai.StartOpenAI(t, fakeai.Options{Pieces: []string{"O", "K"}})
	an := fakeai.StartAnthropic(t, fakeai.Options{Pieces: []string{"OK"}})
	bad := fakeai.StartAnthropic(t, fakeai.Options{Status: http.StatusUnauthorized, ErrorMessage: "invalid x-api-key " + key})
	svc := NewService(Config{AnthropicKey: key}, NewBuiltin(), nil)
	ctx := context.Background()

	for _, tc := range []struct {
		p    Provider
		ok   bool
		code string
		fake *fakeai.Server
	}{
		{NewOpenAI("k", "m", oa.URL+"/v1", nil), true, "", oa},
		{NewAnthropic(key, "m", an.URL, nil), true, "", an},
		{NewAnthropic(key, "m", bad.URL, nil), false, "http_401", bad},
		{NewBuiltin(), true, "", nil},
	} {
		r := svc.PingProvider(ctx, tc.p)
		if (r.Err == nil) != tc.ok || r.Code != tc.code || r.Latency <= 0 {
			t.Errorf("%s: err %v, code %q, latency %s", r.Provider, r.Err, r.Code, r.Latency)
		}
		if tc.ok && r.Sample == "" {
			t.Errorf("%s: no sample", r.Provider)
		}
		if r.Err != nil && strings.Contains(r.Err.Error(), key) {
			t.Errorf("%s: the error shows the key: %v", r.Provider, r.Err)
		}
		if tc.fake != nil {
			reqs := tc.fake.Requests()
			if len(reqs) != 1 || !strings.Contains(string(reqs[0].Body), PingPrompt) || strings.Contains(string(reqs[0].Body), "BaZi") {
				t.Errorf("%s: requests %d, body %.300s", r.Provider, len(reqs), reqs[0].Body)
			}
		}
	}
	if r := Ping(ctx, NewOpenAI("k", "m", oa.URL+"/v1", nil)); r.Sample != "OK" {
		t.Errorf("openai sample %q", r.Sample)
	}

	// A provider that never answers is cut off by the caller's deadline.
	slow := fakeai.StartOpenAI(t, fakeai.Options{FirstDelay: 5 * time.Second})
	tctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if r := Ping(tctx, NewOpenAI("k", "m", slow.URL+"/v1", nil)); r.Err == nil || r.Code != "timeout" {
		t.Errorf("slow provider: err %v, code %q", r.Err, r.Code)
	}
}
