% netlink_links.sl: list the machine's network links over rtnetlink.
%
%   slsh netlink_links.sl
%
% What "ip link" shows, asked of the kernel directly: a PF_NETLINK socket
% of protocol NETLINK_ROUTE sends one RTM_GETLINK request with
% NLM_F_DUMP, and the kernel answers with one RTM_NEWLINK message per
% link, then NLMSG_DONE.  The messages are plain C structs in the host's
% byte order, built with pack and read with unpack:
%
%   struct nlmsghdr  (16 bytes)  len:u32 type:u16 flags:u16 seq:u32 pid:u32
%   struct ifinfomsg (16 bytes)  family:u8 pad:u8 type:u16 index:i32
%                                flags:u32 change:u32
%   then attributes (struct rtattr, 4 bytes: len:u16 type:u16, then the
%   payload; each one starts on a 4-byte boundary)
%
% A netlink address is (pid, groups): the kernel is pid 0, and binding
% to (0, 0) lets the kernel pick this socket's pid.  Needs no privileges.
%
% Output, one line per link:
%   INDEX: NAME state up|down mtu MTU mac MAC|-
% e.g.
%   1: lo state up mtu 65536 mac 00:00:00:00:00:00
% and finally "netlink_links: N links".  Exit status 0 on success.

require ("socket");

private variable Deadline = 5.0;       % seconds for each reply to come

private define align4 (n)
{
   return (n + 3) & ~3;
}

% The attributes of one link (the bytes after its ifinfomsg): a struct
% {name, mtu, mac}, NULL where absent.
private define parse_attributes (b)
{
   variable link = struct {name = NULL, mtu = NULL, mac = NULL};
   variable off = 0, n = bstrlen (b);
   while (off + 4 <= n)
     {
        variable len, type;
        (len, type) = unpack ("J J", b[[off:off+3]]);
        if ((len < 4) || (off + len > n))
          break;                       % malformed: stop rather than guess
        variable payload = (len > 4) ? b[[off+4:off+len-1]] : ""B;
        switch (type & 0x3FFF)         % without NLA_F_NESTED / NET_BYTEORDER
          { case IFLA_IFNAME: link.name = typecast (strtrim_end (payload, "\0"), String_Type); }
          { case IFLA_MTU: link.mtu = unpack ("K", payload); }
          { case IFLA_ADDRESS:
             if (bstrlen (payload))
               link.mac = strjoin (array_map (String_Type, &sprintf, "%02x",
                                              bstring_to_array (payload)), ":");
          }
        off += align4 (len);
     }
   return link;
}

% Send the dump request; return its sequence number.
private define request_links (s)
{
   variable seq = int (_time () mod 1000000) + 1;
   % nlmsghdr, then an ifinfomsg for any family: all links
   variable req = pack ("K J J K K C C J k K K",
                        32, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0,
                        AF_UNSPEC, 0, 0, 0, 0, 0);
   () = sendto (s, req, 0, 0, 0);      % to the kernel: pid 0, no groups
   return seq;
}

% Read replies until NLMSG_DONE; return an Array of link structs.
private define read_links (s, seq)
{
   variable links = {};
   forever
     {
        variable data, pid, groups;
        (data, pid, groups) = recvfrom (s, 65536; timeout=Deadline);
        if (pid != 0) continue;        % not from the kernel
        variable off = 0, n = bstrlen (data);
        while (off + 16 <= n)
          {
             variable len, type, flags, mseq, mpid;
             (len, type, flags, mseq, mpid) = unpack ("K J J K K", data[[off:off+15]]);
             if ((len < 16) || (off + len > n))
               throw DataError, "netlink_links: a malformed reply";
             if (mseq == seq)
               {
                  if (type == NLMSG_DONE)
                    return list_to_array (links, Struct_Type);
                  if (type == NLMSG_ERROR)
                    {
                       variable err = unpack ("k", data[[off+16:off+19]]);
                       throw RunTimeError, "netlink_links: the kernel said: " + errno_string (-err);
                    }
                  if ((type == RTM_NEWLINK) && (len >= 32))
                    {
                       variable family, pad, iftype, index, ifflags, change;
                       (family, pad, iftype, index, ifflags, change)
                         = unpack ("C C J k K K", data[[off+16:off+31]]);
                       variable link = parse_attributes ((len > 32) ? data[[off+32:off+len-1]] : ""B);
                       link = struct {@link, index = index, up = (ifflags & IFF_UP) != 0};
                       list_append (links, link);
                    }
               }
             off += align4 (len);
          }
     }
}

define slsh_main ()
{
   variable s = socket (PF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
   bind (s, 0, 0);                     % the kernel picks our pid
   variable links = read_links (s, request_links (s));
   () = close (s);

   variable l;
   foreach l (links)
     () = printf ("%d: %s state %s mtu %S mac %s\n", l.index,
                  (l.name == NULL) ? "?" : l.name, l.up ? "up" : "down",
                  (l.mtu == NULL) ? "?" : l.mtu, (l.mac == NULL) ? "-" : l.mac);
   () = printf ("netlink_links: %d links\n", length (links));
}
