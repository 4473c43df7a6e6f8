package places

import "testing"

func TestZoneCity(t *testing.T) {
	for tz, want := range map[string]string{"Asia/Tokyo": "Tokyo", "America/New_York": "New York", "America/Argentina/Buenos_Aires": "Buenos Aires", "Asia/Taipei": "Taipei"} {
		if p, ok := ZoneCity(tz); !ok || p.Name != want || p.TZ != tz {
			t.Errorf("ZoneCity(%q) = %q %v", tz, p.Name, ok)
		}
	}
	if p, ok := ZoneCity("Etc/GMT+5"); ok {
		t.Errorf("Etc/GMT+5 named after %q", p.Name)
	}
}
