using System.Text;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Protobuf;

/// <summary>Reads protobuf wire format: tags, varints, length-delimited slices.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public bool Next(out int field, out int wire)
    {
        if (_pos >= _data.Length)
        {
            field = wire = 0;
            return false;
        }

        var tag = Varint();
        field = (int)(tag >> 3);
        wire = (int)(tag & 7);
        return true;
    }

    public ulong Varint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64 && _pos < _data.Length; shift += 7)
        {
            var b = _data[_pos++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Malformed("a truncated or overlong varint");
    }

    public ReadOnlySpan<byte> Bytes()
    {
        var length = Varint();
        if (length > (ulong)(_data.Length - _pos))
        {
            throw Malformed("a length beyond the end of the message");
        }

        var slice = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return slice;
    }

    public string String() => Encoding.UTF8.GetString(Bytes());

    public void Skip(int wire)
    {
        switch (wire)
        {
            case 0: Varint(); break;
            case 1: Advance(8); break;
            case 2: Bytes(); break;
            case 5: Advance(4); break;
            default: throw Malformed($"wire type {wire}");
        }
    }

    private void Advance(int count)
    {
        if (count > _data.Length - _pos)
        {
            throw Malformed("a fixed-size field beyond the end of the message");
        }

        _pos += count;
    }

    internal static KubeApiException Malformed(string why) =>
        KubeApiException.BadRequest($"the protobuf body is malformed: {why}");
}
