package handlers_test

import (
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/reading"
)

// TestEveryReadingTopicHasALabel: the reading's stream and page name its
// topic by "reading.topic.<topic>"; a module's topic without the message
// would show the raw key.
func TestEveryReadingTopicHasALabel(t *testing.T) {
	cat := i18n.MustLoad()
	topics := append(append([]reading.Topic{reading.TopicCompatibility}, reading.Topics...), reading.ModuleTopics...)
	for _, topic := range topics {
		if !cat.Has("reading.topic." + string(topic)) {
			t.Errorf("no label for the reading topic %q", topic)
		}
	}
}
