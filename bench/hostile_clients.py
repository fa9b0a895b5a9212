#!/usr/bin/env python3
# Hostile clients against `attestplan serve` (after scripts/build): three 100 MB header floods, then
# 500 idle connections and 8 clients trickling header lines while /api/health is asked 10 times.
# Prints the server's RSS and the probe's latency. Usage: python3 bench/hostile_clients.py
import socket, subprocess, re, time, sys, os, threading
import tempfile
ws=tempfile.mkdtemp()
root=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p=subprocess.Popen([root+'/build/bin/attestplan','serve','--port','0','--workspace',ws],stdout=subprocess.PIPE,text=True)
line=p.stdout.readline(); port=int(re.search(r':(\d+)/',line).group(1))
def rss(): return int(re.search(r'VmRSS:\s+(\d+)',open(f'/proc/{p.pid}/status').read()).group(1))//1024
print('rss at start MB',rss())
# header flood: 3 connections x 100 MB of header lines
def flood():
    s=socket.create_connection(('127.0.0.1',port)); s.settimeout(10)
    s.sendall(f'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n'.encode())
    chunk=b'X: y\r\n'*100000; sent=0
    try:
        while sent<100*1024*1024: s.sendall(chunk); sent+=len(chunk)
    except Exception as e: pass
    return sent
peak=0
t0=time.time()
for i in range(3):
    n=flood(); peak=max(peak,rss()); print('flood',i,'sent bytes',n,'rss MB',rss())
# slow clients + idle + health latency
idle=[socket.create_connection(('127.0.0.1',port)) for _ in range(500)]
slow=[]
for i in range(8):
    s=socket.create_connection(('127.0.0.1',port)); s.sendall(f'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n'.encode()); slow.append(s)
lat=[]
for r in range(10):
    for s in slow: s.sendall(b'X-Slow: 1\r\n')
    t=time.time(); c=socket.create_connection(('127.0.0.1',port)); c.settimeout(5)
    c.sendall(f'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n'.encode())
    data=b''
    while True:
        d=c.recv(4096)
        if not d: break
        data+=d
    lat.append((time.time()-t)*1000); assert data.startswith(b'HTTP/1.1 200'), data[:40]
    time.sleep(0.3)
print('health latency ms with 8 slow + 500 idle: max %.1f median %.1f' % (max(lat), sorted(lat)[len(lat)//2]))
print('rss after MB', rss(), 'peak during flood MB', peak)
p.terminate(); p.wait()
import shutil; shutil.rmtree(ws, ignore_errors=True)
