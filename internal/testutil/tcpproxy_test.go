package testutil

import (
	"bufio"
	"io"
	"net"
	"testing"
	"time"
)

// echoServer answers every line with the same line.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
	return ln.Addr().String()
}

func echo(t *testing.T, c net.Conn, line string) error {
	t.Helper()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte(line + "\n")); err != nil {
		return err
	}
	got, err := bufio.NewReader(c).ReadString('\n')
	if err == nil && got != line+"\n" {
		t.Fatalf("echo %q, want %q", got, line)
	}
	return err
}

func TestProxyDownAndUp(t *testing.T) {
	p := StartProxy(t, echoServer(t))
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := echo(t, c, "before"); err != nil {
		t.Fatal(err)
	}

	p.Down()
	if err := echo(t, c, "during"); err == nil {
		t.Fatal("an open connection survived Down")
	}
	if c2, err := net.DialTimeout("tcp", p.Addr(), time.Second); err == nil {
		c2.Close()
		t.Fatal("a new connection was accepted while down")
	}
	p.Down() // twice is fine

	p.Up()
	p.Up() // twice is fine
	c3, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatalf("after Up: %v", err)
	}
	defer c3.Close()
	if err := echo(t, c3, "after"); err != nil {
		t.Fatal(err)
	}
}

func TestProxyURL(t *testing.T) {
	u, p := ProxyURL(t, "postgres://user:pw@127.0.0.1:5432/db?sslmode=disable")
	if want := "postgres://user:pw@" + p.Addr() + "/db?sslmode=disable"; u != want {
		t.Fatalf("ProxyURL = %q, want %q", u, want)
	}
}
