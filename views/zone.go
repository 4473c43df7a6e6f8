package views

// UTCOffset writes an offset in minutes as "UTC+08:00".
func UTCOffset(minutes int) string { return offset(minutes) }
